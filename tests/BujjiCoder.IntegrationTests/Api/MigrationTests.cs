using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Data;
using BujjiCoder.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        await using var host = new SqliteApiHost();
        using var client = host.Factory.CreateClient();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        await db.Database.OpenConnectionAsync(Cancellation);

        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        Assert.Equal("30000", await PragmaAsync(db, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(db, "foreign_keys"));
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "bujji.db")));
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
