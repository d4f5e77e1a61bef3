using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Data.Infrastructure;

public static partial class DatabaseMigrations
{
    // Migrating replicas queue on this advisory lock id (any constant unique to this application).
    private const string AcquireMigrationLock = "SELECT pg_advisory_lock(284516772457)";
    private const string ReleaseMigrationLock = "SELECT pg_advisory_unlock(284516772457)";

    private static readonly string QuotedHistoryTable = $"\"{HistoryRepository.DefaultTableName}\"";

    /// <summary>
    /// Brings the schema up to date before the host serves traffic. With <c>Database:MigrateOnStartup</c>
    /// this process applies pending migrations (EF Core holds a database-wide lock meanwhile, so replicas
    /// starting together apply each migration once); without it, it waits for another process to do so.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (host.Services.GetService<SqliteFile>() is { } sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sqlite.Path)!);
        }

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));

        if (options.MigrateOnStartup)
        {
            await MigrateAsync(host.Services, logger, cancellationToken);
        }
        else
        {
            await WaitForSchemaAsync(host.Services, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Applies pending migrations now, whatever <c>Database:MigrateOnStartup</c> says: the operator's <c>migrate</c> command, for
    /// deployments whose services wait for the schema instead of migrating it. Returns the migrations it applied (none when current).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateDatabaseAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        if (host.Services.GetService<SqliteFile>() is { } sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sqlite.Path)!);
        }

        List<string> pending;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            pending = await HistoryTableExistsAsync(db, cancellationToken)
                ? [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)]
                : [.. db.Database.GetMigrations()];
        }

        await MigrateAsync(host.Services, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations)), cancellationToken);
        return pending;
    }

    private static async Task MigrateAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        if (db.Database.IsNpgsql())
        {
            // EF Core's PostgreSQL migration lock is a table lock inside each migration's transaction, so it
            // is released between migrations and a second replica can slip in and re-apply the next one.
            // A session advisory lock, taken on the connection the migrations then run on, is held for the whole run.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync(AcquireMigrationLock, cancellationToken);
                // Npgsql finds a missing history table by a SELECT that fails, which EF Core logs as an error
                // before the provider swallows it: a red badge on every fresh database. Creating the table first
                // (IF NOT EXISTS, under the lock) leaves that SELECT nothing to fail on.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await RefuseUnknownHistoryAsync(db, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(ReleaseMigrationLock, CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
        else
        {
            if (await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken))
            {
                await RefuseUnknownHistoryAsync(db, cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
        }

        LogMigrated(logger, db.Database.ProviderName, db.Database.GetMigrations().LastOrDefault() ?? "none");
    }

    /// <summary>
    /// A database whose history names migrations this build does not have was made by another build: before the
    /// migrations were squashed into one Initial migration, or by a newer version. Migrating it would try to create
    /// tables that exist and fail halfway, so it is refused before anything is run, with what to do.
    /// </summary>
    private static async Task RefuseUnknownHistoryAsync(BujjiDbContext db, CancellationToken cancellationToken)
    {
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database was migrated by another build of Bujji Coder ({string.Join(", ", unknown.Take(3))}{(unknown.Count > 3 ? ", …" : string.Empty)} "
                + "are not migrations of this one). Development databases from before the migrations were squashed into one Initial "
                + "migration cannot be upgraded: drop the database and start again (local mode: delete the postgres folder in the data "
                + "directory, /var/lib/bujji-coder or ~/.local/share/bujji-coder; embedded mode: delete bujji.db).");
        }
    }

    private static async Task WaitForSchemaAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
                var pending = await HistoryTableExistsAsync(db, cancellationToken)
                    ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count()
                    : db.Database.GetMigrations().Count();
                if (pending == 0)
                {
                    return;
                }

                LogWaitingForMigrations(logger, pending);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDatabaseUnavailable(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>
    /// Whether the migrations history table exists (it does once any migration ran). Npgsql's history repository always answers "exists" and learns otherwise
    /// from a SELECT that fails (logged by EF Core as an error), so PostgreSQL is asked through its catalog instead:
    /// <c>to_regclass</c> resolves the name on the search path, as EF Core's own query does.
    /// </summary>
    private static async Task<bool> HistoryTableExistsAsync(BujjiDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<bool>($"SELECT to_regclass({QuotedHistoryTable}) IS NOT NULL AS \"Value\"")
                .SingleAsync(cancellationToken)
            : await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken);

    [LoggerMessage(LogLevel.Information, "Database schema is current ({Provider}) at migration {Migration}")]
    private static partial void LogMigrated(ILogger logger, string? provider, string migration);

    [LoggerMessage(LogLevel.Information, "Waiting for another process (the Api) to apply {Count} migration(s)")]
    private static partial void LogWaitingForMigrations(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Database not reachable yet ({Error}); retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string error);
}
