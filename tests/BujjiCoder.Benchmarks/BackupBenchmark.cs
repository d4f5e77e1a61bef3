using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BujjiCoder.Testing;
using Npgsql;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// Backup and restore of a PostgreSQL database of about <c>megabytes</c> (pg_database_size) of workspace files (C# text, each line unique, so
/// neither TOAST nor gzip shrinks it unrealistically): the Worker's scheduled backup (dump, pack, store, verify by a restore
/// into a scratch database), then the documented restore command into the dropped database — the RTO.
/// </summary>
internal static partial class BackupBenchmark
{
    // About 17 KB of text per file.
    private const int LinesPerFile = 200;
    private const int FilesPerBatch = 2_000;

    public static async Task RunAsync(int megabytes)
    {
        await using var api = await ApiUnderTest.StartAsync();
        var session = await api.SignInAsync();
        var ws = await CreateWorkspaceAsync(api, session.AccessToken);
        var database = api.Environment["ConnectionStrings__bujjidb"]!;

        var clock = Stopwatch.StartNew();
        var files = await FillAsync(database, Guid.Parse(ws), megabytes);
        var fill = clock.Elapsed;
        var size = await ScalarAsync<long>(database, "SELECT pg_database_size(current_database())");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Filled {files:N0} workspace files in {fill.TotalSeconds:0} s: database {size / 1048576.0:N0} MiB (pg_database_size)"));

        // The Worker backs up as in production: its scheduled job, due at once when the Worker starts.
        using var backups = TemporaryDirectory.Create("bujji-bench-backups");
        var workerEnvironment = new Dictionary<string, string?>(api.Environment)
        {
            ["Worker__Backup__Local__Path"] = backups.Path,
            ["Logging__LogLevel__BujjiCoder"] = "Information",
        };
        long dumpMs;
        (string Id, long SizeBytes, int DurationMs, int VerifyDurationMs) backup;
        await using (var worker = await WorkerProcess.StartAsync(workerEnvironment, TimeSpan.FromMinutes(5)))
        {
            backup = await WaitForVerifiedBackupAsync(database, worker);
            dumpMs = long.Parse(DumpedIn().Match(worker.Output) is { Success: true } m ? m.Groups[1].Value : "-1", CultureInfo.InvariantCulture);
        }

        await api.StopServicesAsync();
        var dumpBytes = Directory.GetFiles(backups.Path, "*.manifest.json")
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement.GetProperty("dumpBytes").GetInt64()).Single();

        // A lost database, restored by the runbook's command.
        await ExecuteAsync(Maintenance(database), $"DROP DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
        var restoreEnvironment = new Dictionary<string, string?>(api.Environment) { ["Worker__Backup__Local__Path"] = backups.Path };
        clock.Restart();
        await using var restore = ServerProcess.StartProject("BujjiCoder.Worker", ["restore", "--backup", backup.Id], restoreEnvironment);
        var exit = await restore.WaitForExitAsync(TimeSpan.FromHours(2));
        var restoreTime = clock.Elapsed;
        var summary = restore.Output.Split('\n').LastOrDefault(l => l.StartsWith("Restored", StringComparison.Ordinal))?.Trim() ?? restore.Output;
        if (exit != 0)
        {
            throw new InvalidOperationException($"The restore command failed ({exit}):\n{restore.Output}");
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | Step | Size | Time |
            | --- | ---: | ---: |
            | Database (pg_database_size) | {Mib(size)} | |
            | Dump (pg_dump custom, uncompressed, tables checksummed in its snapshot) | {Mib(dumpBytes)} | {dumpMs / 1000.0:0.0} s |
            | Pack and store (gzip, SHA-256, local directory) | {Mib(backup.SizeBytes)} | {(backup.DurationMs - dumpMs) / 1000.0:0.0} s |
            | Backup total (dump + pack + store) | | {backup.DurationMs / 1000.0:0.0} s |
            | Verify (read back, SHA-256, unpack, restore into a scratch database, compare every table) | | {backup.VerifyDurationMs / 1000.0:0.0} s |
            | Restore command into the dropped database (RTO, process start to exit) | | {restoreTime.TotalSeconds:0.0} s |
            """));
        Console.WriteLine($"restore command: {summary}");
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MiB");

    /// <summary>Text blobs and the workspace files naming them, in batches of plain SQL (the Api would take hours for a gigabyte).</summary>
    private static async Task<long> FillAsync(string database, Guid workspace, int megabytes)
    {
        var createdBy = await ScalarAsync<string>(database, $"SELECT \"CreatedBy\" FROM workspaces WHERE \"Id\" = '{workspace}'");
        // The search indexes are built once after the load, as pg_restore builds them, rather than row by row.
        await ExecuteAsync(database, """DROP INDEX "IX_file_blobs_Search"; DROP INDEX "IX_file_blobs_Text_trgm";""");
        // Indexed text takes about 3.3 times its size on disk (the stored tsvector, the full-text and trigram GIN indexes):
        // this many files make a database of about the size asked for.
        var total = (long)(megabytes * 1024L / 17 / 3.3);
        for (long first = 1; first <= total; first += FilesPerBatch)
        {
            var last = Math.Min(total, first + FilesPerBatch - 1);
            await ExecuteAsync(database, string.Create(CultureInfo.InvariantCulture, $$"""
                WITH blobs AS (
                    INSERT INTO file_blobs ("Hash", "Size", "Text", "CreatedAt")
                    SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex'), octet_length(t), t, now()
                    FROM (SELECT i, 'namespace Bench.Module' || (i / 100) || E';\n\npublic static class File' || i || E'\n{\n'
                                  || (SELECT string_agg(format('    public static int Method%s(int value) => Compute(value, "%s") + %s;', j, md5((i * 1000 + j)::text), j), E'\n')
                                      FROM generate_series(1, {{LinesPerFile}}) AS j) || E'\n}\n' AS t
                          FROM generate_series({{first}}, {{last}}) AS i) AS texts
                    RETURNING "Id", "Hash", "Size")
                INSERT INTO workspace_files ("WorkspaceId", "Path", "Hash", "Size", "Language", "IsBinary", "UpdatedBy", "UpdatedAt")
                SELECT '{{workspace}}', 'src/Module' || ("Id" / 100) || '/File' || "Id" || '.cs', "Hash", "Size", 'csharp', false, '{{createdBy}}', now() FROM blobs
                """));
            Console.Write($"\r  {last:N0} / {total:N0} files");
        }

        Console.WriteLine();
        await ExecuteAsync(database, """
            CREATE INDEX "IX_file_blobs_Search" ON file_blobs USING GIN ("Search");
            CREATE INDEX "IX_file_blobs_Text_trgm" ON file_blobs USING GIN ("Text" gin_trgm_ops);
            """);
        await ExecuteAsync(database, "VACUUM ANALYZE");
        return total;
    }

    private static async Task<(string, long, int, int)> WaitForVerifiedBackupAsync(string database, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddHours(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """SELECT "Id", "SizeBytes", "DurationMs", coalesce("VerifyDurationMs", 0), "Verification", coalesce("VerificationError", '') FROM database_backups WHERE "Verification" <> 'pending'""",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                return reader.GetString(4) == "verified"
                    ? (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3))
                    : throw new InvalidOperationException($"The backup did not verify: {reader.GetString(5)}\n{worker.Output}");
            }

            if (worker.HasExited)
            {
                throw new InvalidOperationException($"The Worker exited:\n{worker.Output}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"No verified backup within 2 hours:\n{worker.Output}");
    }

    private static async Task<string> CreateWorkspaceAsync(ApiUnderTest api, string token)
    {
        using var request = api.Authorized(HttpMethod.Post, "/api/v1/workspaces", token);
        request.Content = JsonContent.Create(new { name = "backup-benchmark" });
        using var response = await api.Client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string Maintenance(string database) => new NpgsqlConnectionStringBuilder(database) { Database = "postgres" }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"Dumped the PostgreSQL database: \d+ bytes, \d+ tables, \d+ rows checksummed in (\d+) ms")]
    private static partial Regex DumpedIn();
}
