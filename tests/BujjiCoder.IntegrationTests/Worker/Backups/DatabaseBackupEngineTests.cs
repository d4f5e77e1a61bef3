extern alias worker;

using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using worker::BujjiCoder.Worker.Backups;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>The database side of backups on both providers: dumps at one instant, checksums that see one cell, restores that refuse to overwrite.</summary>
public sealed class DatabaseBackupEngineTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_dump_taken_while_the_api_writes_restores_to_exactly_the_tables_it_recorded(string provider)
    {
        await using var api = await Host(provider).BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var (engine, source) = Engine(api);
        using var directory = TemporaryDirectory.Create("bujji-dump");

        var written = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await user.WriteAsync(ws, $"src/File{written}.cs", $"class File{written} {{ int Value = {written}; }}\n");
                Interlocked.Increment(ref written);
            }
        }, Cancellation);
        await WaitUntilAsync(() => Volatile.Read(ref written) >= 5);
        // A small SQLite database is copied in a millisecond or two, faster than one write through the Api: dump until a
        // write has completed during one (the first, on PostgreSQL), so the test always checks a dump taken mid-write.
        DatabaseDump? dump = null;
        int before = 0, after = 0;
        for (var attempt = 0; attempt < 50 && dump is null; attempt++)
        {
            before = Volatile.Read(ref written);
            // A directory per dump: a dump's file name is fixed, and VACUUM INTO refuses to overwrite.
            var taken = await engine.DumpAsync(Directory.CreateDirectory(Path.Combine(directory.Path, $"{attempt}")).FullName, Cancellation);
            after = Volatile.Read(ref written);
            if (after > before)
            {
                dump = taken;
            }
        }

        await WaitUntilAsync(() => Volatile.Read(ref written) > after);
        await stop.CancelAsync();
        await writer;

        Assert.True(dump is not null, "no write completed during any of 50 dumps");
        await using var scratch = await engine.CreateScratchAsync(Cancellation);
        await engine.RestoreAsync(dump.FilePath, scratch.ConnectionString, force: false, Cancellation);
        var restored = await engine.SnapshotTablesAsync(scratch.ConnectionString, Cancellation);

        Assert.Equal(dump.Tables, restored);
        var files = Assert.Single(dump.Tables, t => t.Table == "workspace_files");
        Assert.InRange(files.Rows, before, after);
        // The source went on: what the dump recorded is its own instant, not the database as it is now.
        Assert.NotEqual(dump.Tables, await engine.SnapshotTablesAsync(source, Cancellation));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Changing_one_cell_changes_the_checksum_of_its_table_and_of_no_other(string provider)
    {
        await using var api = await Host(provider).BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "a.txt", "alpha\n");
        var (engine, source) = Engine(api);
        var before = await engine.SnapshotTablesAsync(source, Cancellation);

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var changed = await db.Workspaces.Where(w => w.Id == Guid.Parse(ws))
                .ExecuteUpdateAsync(set => set.SetProperty(w => w.Name, w => w.Name + "!"), Cancellation);
            Assert.Equal(1, changed);
        }

        var after = await engine.SnapshotTablesAsync(source, Cancellation);
        Assert.Equal(before.Select(t => (t.Table, t.Rows)), after.Select(t => (t.Table, t.Rows)));
        var differing = before.Zip(after).Where(pair => pair.First.Checksum != pair.Second.Checksum).Select(pair => pair.First.Table);
        Assert.Equal(["workspaces"], differing);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_restore_over_a_database_holding_tables_is_refused_without_force_and_while_the_api_has_it_open(string provider)
    {
        await using var api = await Host(provider).BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        await user.CreateWorkspaceAsync();
        var (engine, source) = Engine(api);
        using var directory = TemporaryDirectory.Create("bujji-dump");
        var dump = await engine.DumpAsync(directory.Path, Cancellation);
        await user.CreateWorkspaceAsync("after the dump");
        var before = await engine.SnapshotTablesAsync(source, Cancellation);

        var refused = await Assert.ThrowsAsync<TargetNotEmptyException>(() => engine.RestoreAsync(dump.FilePath, source, force: false, Cancellation));
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        var busy = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => engine.RestoreAsync(dump.FilePath, source, force: true, Cancellation));
        Assert.Contains("stop the Api and the Worker", busy.Message, StringComparison.Ordinal);

        Assert.Equal(before, await engine.SnapshotTablesAsync(source, Cancellation));
    }

    private TestHost Host(string provider) => (provider == "postgres" ? TestHost.Postgres(infrastructure) : TestHost.Sqlite()).WithOpenRegistration();

    /// <summary>
    /// The engine as the Worker makes it for the Api's database, without a Worker running beside it: its heartbeat would
    /// change a table between two snapshots.
    /// </summary>
    private static (IDatabaseBackupEngine Engine, string Source) Engine(ApiHost api) => api.Recipe.Infrastructure is null
        ? (new SqliteBackupEngine(SqliteSource(api), NullLogger<SqliteBackupEngine>.Instance), SqliteSource(api))
        : (new PostgresBackupEngine(api.DatabaseConnectionString, PostgresTools.Find(null), new DatabaseEngineOptions(), NullLogger<PostgresBackupEngine>.Instance),
            api.DatabaseConnectionString);

    private static string SqliteSource(ApiHost api) => $"Data Source={Path.Combine(api.DataDirectory, "bujji.db")}";

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 30 s");
            await Task.Delay(20, Cancellation);
        }
    }
}
