extern alias worker;

using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Data.Sqlite;
using Npgsql;
using worker::BujjiCoder.Worker.Backups;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>
/// The restore procedure of docs/RUNBOOK.md, run as an operator runs it: the Worker's own process with exactly the documented
/// arguments, after the database it backed up is gone.
/// </summary>
public sealed class RestoreCommandTests(TestInfrastructure infrastructure)
{
    /// <summary>The command docs/RUNBOOK.md tells an operator to run; the test runs these words, with the id filled in.</summary>
    private const string DocumentedCommand = "dotnet BujjiCoder.Worker.dll restore --backup <id>";

    // Written by the Worker after the dump's instant (its own backup row, its runs, its beats), so not in the backup as they are now.
    private static readonly string[] WrittenAfterTheDump = ["database_backups", "job_runs", "service_heartbeats"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_documented_restore_command_brings_back_every_row_of_a_dropped_database_and_refuses_to_overwrite_it_again()
    {
        Assert.Contains(DocumentedCommand, await File.ReadAllTextAsync(Path.Combine(SolutionPaths.Root, "docs", "RUNBOOK.md"), Cancellation), StringComparison.Ordinal);
        using var backups = TemporaryDirectory.Create("bujji-backups");
        string database, id;
        await using (var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync())
        {
            database = api.DatabaseConnectionString;
            var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(),
                ("README.md", "# Restored\n"), ("src/Program.cs", "Console.WriteLine(\"back\");\n"), ("src/Ünïcode.txt", "naïve café ☕\n"));
            await user.WriteAsync(ws, "src/Program.cs", "Console.WriteLine(\"back again\");\n");

            // The Worker backs up as it does in production: its scheduled job, due at once in a fresh database.
            await using var backingUp = await TestHost.Beside(api).With("Worker:Backup:Local:Path", backups.Path).BuildWorkerAsync();
            _ = backingUp.Factory.Services;
            id = await WaitForVerifiedBackupAsync(api);
        }

        // Stopped Api and Worker (as the runbook says), and a database that is gone.
        await CloseLeftoverSessionsAsync(database);
        var engine = new PostgresBackupEngine(database, PostgresTools.Find(null), new DatabaseEngineOptions(), NullLogger<PostgresBackupEngine>.Instance);
        var beforeDrop = await engine.SnapshotTablesAsync(database, Cancellation);
        await infrastructure.Postgres.DropDatabaseAsync(database);

        // Step 2 of the runbook: the backup is listed by the id the restore takes.
        var (listed, list) = await RunAsync(["restore", "--list"], database, backups.Path);
        Assert.True(listed == RestoreCommand.Restored, $"exit code {listed}:\n{list}");
        Assert.Contains(id, list, StringComparison.Ordinal);

        var (exit, output) = await RunDocumentedCommandAsync(id, database, backups.Path);

        Assert.True(exit == RestoreCommand.Restored, $"exit code {exit}:\n{output}");
        var manifest = Assert.Single(await new LocalBackupDestination(backups.Path).ListAsync(Cancellation));
        var restored = await engine.SnapshotTablesAsync(database, Cancellation);
        Assert.Equal(manifest.Tables, restored);
        Assert.Equal(Unchanged(beforeDrop), Unchanged(restored));
        Assert.Contains(restored, t => t.Table == "workspace_files" && t.Rows == 3);
        Assert.Contains($"Restored {restored.Count} tables, {restored.Sum(t => t.Rows):N0} rows in", output, StringComparison.Ordinal);

        // Again, over the database it just restored: refused without --force, and not a row changes.
        var (again, refusal) = await RunDocumentedCommandAsync(id, database, backups.Path);
        Assert.True(again == RestoreCommand.Refused, $"exit code {again}:\n{refusal}");
        Assert.Contains("--force", refusal, StringComparison.Ordinal);
        Assert.Equal(restored, await engine.SnapshotTablesAsync(database, Cancellation));

        // The data is the Api's again: it serves the files as they were when the backup was taken.
        await using var after = await TestHost.Postgres(infrastructure).OnDatabase(database).WithOpenRegistration().BuildApiAsync();
        await using var scope = after.Factory.Services.CreateAsyncScope();
        var paths = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().WorkspaceFiles.Select(f => f.Path).OrderBy(p => p).ToListAsync(Cancellation);
        Assert.Equal(["README.md", "src/Program.cs", "src/Ünïcode.txt"], paths);
    }

    [Fact]
    public async Task With_force_the_restore_command_replaces_a_database_holding_tables_with_the_backup()
    {
        using var backups = TemporaryDirectory.Create("bujji-backups");
        string database, id;
        await using (var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync())
        {
            database = api.DatabaseConnectionString;
            var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("kept.txt", "in the backup\n"));
            await using (var backingUp = await TestHost.Beside(api).With("Worker:Backup:Local:Path", backups.Path).BuildWorkerAsync())
            {
                _ = backingUp.Factory.Services;
                id = await WaitForVerifiedBackupAsync(api);
            }

            await user.WriteAsync(ws, "later.txt", "written after the backup\n");
        }

        await CloseLeftoverSessionsAsync(database);

        var (exit, output) = await RunDocumentedCommandAsync(id, database, backups.Path, "--force");

        Assert.True(exit == RestoreCommand.Restored, $"exit code {exit}:\n{output}");
        var engine = new PostgresBackupEngine(database, PostgresTools.Find(null), new DatabaseEngineOptions(), NullLogger<PostgresBackupEngine>.Instance);
        var manifest = Assert.Single(await new LocalBackupDestination(backups.Path).ListAsync(Cancellation));
        Assert.Equal(manifest.Tables, await engine.SnapshotTablesAsync(database, Cancellation));
    }

    [Fact]
    public async Task The_documented_restore_command_brings_back_the_deleted_sqlite_file_of_embedded_mode()
    {
        using var backups = TemporaryDirectory.Create("bujji-backups");
        using var data = TemporaryDirectory.Create("bujji-sqlite");
        var file = Path.Combine(data.Path, "bujji.db");
        string id;
        await using (var api = await TestHost.Sqlite(data.Path).WithOpenRegistration().BuildApiAsync())
        {
            await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("README.md", "# Embedded\n"), ("src/app.py", "print('back')\n"));
            await using var backingUp = await TestHost.Beside(api).With("Worker:Backup:Local:Path", backups.Path).BuildWorkerAsync();
            _ = backingUp.Factory.Services;
            id = await WaitForVerifiedBackupAsync(api);
        }

        SqliteConnection.ClearAllPools();
        foreach (var lost in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(lost);
        }

        var embedded = new Dictionary<string, string?> { ["Database__DataDirectory"] = data.Path };
        var (exit, output) = await RunAsync(["restore", "--backup", id], embedded, backups.Path);

        Assert.True(exit == RestoreCommand.Restored, $"exit code {exit}:\n{output}");
        var manifest = Assert.Single(await new LocalBackupDestination(backups.Path).ListAsync(Cancellation));
        var engine = new SqliteBackupEngine($"Data Source={file}", NullLogger<SqliteBackupEngine>.Instance);
        var restored = await engine.SnapshotTablesAsync($"Data Source={file}", Cancellation);
        Assert.Equal(manifest.Tables, restored);
        Assert.Contains(restored, t => t.Table == "workspace_files" && t.Rows == 2);
    }

    /// <summary><c>dotnet BujjiCoder.Worker.dll restore --backup &lt;id&gt;</c> in the Worker's directory, configured as in production.</summary>
    private Task<(int ExitCode, string Output)> RunDocumentedCommandAsync(string id, string database, string backups, params string[] more) =>
        RunAsync(["restore", "--backup", id, .. more], database, backups);

    private Task<(int ExitCode, string Output)> RunAsync(string[] arguments, string database, string backups) =>
        RunAsync(arguments, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = database,
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
        }, backups);

    /// <summary>The Worker's process with <paramref name="arguments"/>, until it exits by itself.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string[] arguments, Dictionary<string, string?> environment, string backups)
    {
        environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Testing");
        environment["Worker__Backup__Local__Path"] = backups;
        await using var process = ServerProcess.StartProject("BujjiCoder.Worker", arguments, environment);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, process.Output);
    }

    /// <summary>
    /// What stopping the Api and Worker processes does to their sessions. In-process hosts leave their idle pooled connections
    /// open after they are disposed (the pool belongs to the test process), and a restore rightly refuses a database in use.
    /// </summary>
    private async Task CloseLeftoverSessionsAsync(string database)
    {
        // Every pool, not the one of this connection string: the hosts connect with the string as the Api rewrites it
        // (its connect timeout added), which is a pool of its own.
        NpgsqlConnection.ClearAllPools();

        await using var connection = new NpgsqlConnection(infrastructure.Postgres.ConnectionString("postgres"));
        await connection.OpenAsync(Cancellation);
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", connection);
        terminate.Parameters.Add(new NpgsqlParameter { Value = new NpgsqlConnectionStringBuilder(database).Database });
        await terminate.ExecuteScalarAsync(Cancellation);
    }

    private static async Task<string> WaitForVerifiedBackupAsync(ApiHost api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var scope = api.Factory.Services.CreateAsyncScope())
            {
                var backup = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().DatabaseBackups.AsNoTracking()
                    .SingleOrDefaultAsync(b => b.Verification != "pending", Cancellation);
                if (backup is not null)
                {
                    Assert.True(backup.Verification == "verified", backup.VerificationError);
                    return backup.Id;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "no backup was verified within 60 s");
            await Task.Delay(100, Cancellation);
        }
    }

    private static IEnumerable<TableSnapshot> Unchanged(IEnumerable<TableSnapshot> tables) => tables.Where(t => !WrittenAfterTheDump.Contains(t.Table));
}
