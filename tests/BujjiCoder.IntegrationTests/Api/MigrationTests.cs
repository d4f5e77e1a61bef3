using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Data;
using BujjiCoder.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BujjiCoder.IntegrationTests.Api;

public sealed class MigrationTests(TestInfrastructure infrastructure)
{
    private const int Replicas = 4;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replicas_starting_together_on_postgres_apply_each_migration_once()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();

        await MigrateConcurrentlyAsync(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database });

        await AssertMigratedOnceAsync(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database });
    }

    [Fact]
    public async Task Replicas_starting_together_on_sqlite_apply_each_migration_once()
    {
        using var directory = TemporaryDirectory.Create("bujji-migrate");
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = directory.Path };

        await MigrateConcurrentlyAsync(settings);

        await AssertMigratedOnceAsync(settings);
    }

    [Fact]
    public async Task Sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys()
    {
        await using var host = await TestHost.Sqlite().BuildApiAsync();
        using var client = host.Factory.CreateClient();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        await db.Database.OpenConnectionAsync(Cancellation);

        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        Assert.Equal("30000", await PragmaAsync(db, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(db, "foreign_keys"));
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "bujji.db")));
    }

    [Fact]
    public async Task Migrating_a_fresh_postgres_database_logs_no_error()
    {
        // A new database has no history table yet: probing it must not look like a failure in the logs (red badges in the dashboard).
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        using var host = InfrastructureHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database }, collectLogs: true);

        await host.PrepareDatabaseAsync(Cancellation);

        Assert.Empty(ErrorsLoggedBy(host));
        await AssertMigratedOnceAsync(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database });
    }

    [Fact]
    public async Task Waiting_on_a_fresh_postgres_database_for_another_process_to_migrate_logs_no_error()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database, ["Database:MigrateOnStartup"] = "false" };
        using var waiter = InfrastructureHost.Build(settings, collectLogs: true);

        var waiting = waiter.PrepareDatabaseAsync(Cancellation);
        await WaitForLogAsync(waiter, "Waiting for another process");
        Assert.False(waiting.IsCompleted);
        using (var migrator = InfrastructureHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database }))
        {
            await migrator.PrepareDatabaseAsync(Cancellation);
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.Empty(ErrorsLoggedBy(waiter));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_database_migrated_by_another_build_is_refused_before_anything_is_created(string provider)
    {
        using var directory = TemporaryDirectory.Create("bujji-migrate");
        var settings = provider == "postgres"
            ? new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync() }
            : new Dictionary<string, string?> { ["Database:DataDirectory"] = directory.Path };
        using var host = InfrastructureHost.Build(settings);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        // What a development database from before the squash holds: a history naming migrations this build does not have.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(Cancellation);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('20261129080038_Accounts', '10.0.0')", Cancellation);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.PrepareDatabaseAsync(Cancellation));

        Assert.Contains("20261129080038_Accounts", refused.Message, StringComparison.Ordinal);
        Assert.Contains("drop the database", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["20261129080038_Accounts"], await db.Database.GetAppliedMigrationsAsync(Cancellation));
        Assert.DoesNotContain("AspNetRoles", await TablesAsync(db));
    }

    private static async Task<List<string>> TablesAsync(BujjiDbContext db)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(Cancellation);
    }

    private static IEnumerable<string> ErrorsLoggedBy(IHost host) =>
        host.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Level >= LogLevel.Error)
            .Select(record => $"{record.Category}: {record.Message}");

    private static async Task WaitForLogAsync(IHost host, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Services.GetFakeLogCollector().GetSnapshot().Any(record => record.Message.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing logged '{text}' in 30 s");
            await Task.Delay(50, Cancellation);
        }
    }

    /// <summary>Several processes' worth of hosts, each with its own connection pool, migrating one empty database at once.</summary>
    private static async Task MigrateConcurrentlyAsync(Dictionary<string, string?> settings)
    {
        var hosts = Enumerable.Range(0, Replicas).Select(_ => InfrastructureHost.Build(settings)).ToList();
        try
        {
            using var start = new SemaphoreSlim(0);
            var migrations = hosts.Select(async host =>
            {
                await start.WaitAsync(Cancellation);
                await host.PrepareDatabaseAsync(Cancellation);
            }).ToList();
            start.Release(Replicas);
            await Task.WhenAll(migrations);
        }
        finally
        {
            hosts.ForEach(host => host.Dispose());
        }
    }

    private static async Task AssertMigratedOnceAsync(Dictionary<string, string?> settings)
    {
        using var host = InfrastructureHost.Build(settings);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var applied = (await db.Database.GetAppliedMigrationsAsync(Cancellation)).ToList();

        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal(applied.Count, applied.Distinct().Count());
        Assert.Equal(0, await db.ServiceHeartbeats.CountAsync(Cancellation));
    }

    private static async Task<string> PragmaAsync(BujjiDbContext db, string pragma)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToString(await command.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
