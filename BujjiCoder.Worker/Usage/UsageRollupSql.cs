using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Usage;

/// <summary>
/// The statements that write roll-up rows, per provider: EF cannot group by a truncated hour on both. PostgreSQL truncates
/// in UTC whatever the session's time zone; SQLite keeps EF's text form (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), whose first 13
/// characters are the hour and first 10 the day, and a whole hour reads back as exactly what EF writes for it.
/// Records without a workspace are summed under <see cref="Guid.Empty"/>, which the unique index can compare.
/// </summary>
internal sealed class UsageRollupSql(bool postgres)
{
    private const string Columns =
        """("Period", "Start", "UserId", "Model", "WorkspaceId", "Requests", "InputTokens", "OutputTokens", "CostMicroUsd", "CacheHits")""";

    private const string PostgresHours = "INSERT INTO usage_rollups " + Columns + """
         SELECT 'hour', date_trunc('hour', "At", 'UTC'), "UserId", "Model", COALESCE("WorkspaceId", '00000000-0000-0000-0000-000000000000'),
                count(*), sum("InputTokens"), sum("OutputTokens"), sum("CostMicroUsd"), count(*) FILTER (WHERE "CacheHit")
         FROM usage_records WHERE "At" >= {0} AND "At" < {1}
         GROUP BY 2, 3, 4, 5
        """;

    private const string SqliteHours = "INSERT INTO usage_rollups " + Columns + """
         SELECT 'hour', substr("At", 1, 13) || ':00:00', "UserId", "Model", COALESCE("WorkspaceId", '00000000-0000-0000-0000-000000000000'),
                count(*), sum("InputTokens"), sum("OutputTokens"), sum("CostMicroUsd"), sum("CacheHit")
         FROM usage_records WHERE "At" >= {0} AND "At" < {1}
         GROUP BY 2, 3, 4, 5
        """;

    private const string PostgresDays = "INSERT INTO usage_rollups " + Columns + """
         SELECT 'day', date_trunc('day', "Start", 'UTC'), "UserId", "Model", "WorkspaceId",
                sum("Requests"), sum("InputTokens"), sum("OutputTokens"), sum("CostMicroUsd"), sum("CacheHits")
         FROM usage_rollups WHERE "Period" = 'hour' AND "Start" >= {0} AND "Start" < {1}
         GROUP BY 2, 3, 4, 5
        """;

    private const string SqliteDays = "INSERT INTO usage_rollups " + Columns + """
         SELECT 'day', substr("Start", 1, 10) || ' 00:00:00', "UserId", "Model", "WorkspaceId",
                sum("Requests"), sum("InputTokens"), sum("OutputTokens"), sum("CostMicroUsd"), sum("CacheHits")
         FROM usage_rollups WHERE "Period" = 'hour' AND "Start" >= {0} AND "Start" < {1}
         GROUP BY 2, 3, 4, 5
        """;

    public static UsageRollupSql For(BujjiDbContext db) => new(db.Database.IsNpgsql());

    /// <summary>Hour rows of [from, to) summed from the raw records.</summary>
    public Task<int> InsertHoursAsync(BujjiDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(postgres ? PostgresHours : SqliteHours, [from, to], cancellationToken);

    /// <summary>Day rows of [from, to) (midnights) summed from the hour rows.</summary>
    public Task<int> InsertDaysAsync(BujjiDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(postgres ? PostgresDays : SqliteDays, [from, to], cancellationToken);
}
