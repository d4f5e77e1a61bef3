using Microsoft.Data.Sqlite;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// Embedded mode: <c>VACUUM INTO</c> a copy (a consistent snapshot, taken in one read transaction while the Api keeps
/// writing), a restore that puts the file in the target's place, and scratch databases that are temporary files.
/// </summary>
internal sealed partial class SqliteBackupEngine(string connectionString, ILogger<SqliteBackupEngine> logger) : IDatabaseBackupEngine
{
    public const string DumpFileName = "database.sqlite";

    // The files SQLite keeps beside a database; a stale -wal beside a restored file would be replayed into it.
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    public string Provider => "sqlite";

    public async Task<DatabaseDump> DumpAsync(string directory, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, DumpFileName);
        await using (var connection = await OpenAsync(connectionString, SqliteOpenMode.ReadWrite, cancellationToken))
        await using (var vacuum = new SqliteCommand("VACUUM INTO $file", connection))
        {
            vacuum.Parameters.AddWithValue("$file", file);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        // The copy is the snapshot: checksummed after the fact, it still describes exactly the dumped rows.
        return new DatabaseDump(Provider, file, await SnapshotTablesAsync(Describe(file), cancellationToken));
    }

    public async Task RestoreAsync(string dumpFile, string targetConnectionString, bool force, CancellationToken cancellationToken)
    {
        DumpFiles.Require(dumpFile, DumpFiles.Sqlite, Provider);
        var target = Path.GetFullPath(new SqliteConnectionStringBuilder(targetConnectionString).DataSource);
        if (File.Exists(target))
        {
            await using var connection = await OpenAsync(Describe(target), SqliteOpenMode.ReadWrite, cancellationToken);
            var tables = await SqliteTables.CountAsync(connection, cancellationToken);
            if (tables > 0 && !force)
            {
                throw new TargetNotEmptyException($"The database {target} holds {tables} tables; restoring would replace them. Give --force to replace it.");
            }

            // Leaving WAL mode needs every other connection closed (SQLite answers "database is locked" otherwise), so this
            // both proves nobody else has the file open and folds its -wal into it, leaving no companion file behind.
            try
            {
                await using var leaveWal = new SqliteCommand("PRAGMA journal_mode = DELETE", connection);
                await leaveWal.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode is 5 or 6)
            {
                throw new DatabaseInUseException(
                    $"The database {target} is open in another process ({exception.Message.TrimEnd('.')}): stop the Api and the Worker (every replica) before restoring over it.");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        LogRestoring(logger, target);
        // Copied beside the target, then renamed over it: the target is never a half-written file.
        var staging = $"{target}.restoring-{Guid.NewGuid():N}";
        try
        {
            File.Copy(dumpFile, staging);
            DeleteCompanions(target);
            File.Move(staging, target, overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public Task<ScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bujji-verify-{Guid.NewGuid():N}.db");
        return Task.FromResult(new ScratchDatabase(Describe(file), () =>
        {
            File.Delete(file);
            DeleteCompanions(file);
            return ValueTask.CompletedTask;
        }));
    }

    public async Task<IReadOnlyList<TableSnapshot>> SnapshotTablesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, SqliteOpenMode.ReadWrite, cancellationToken);
        // One read transaction (begun in SQL, so the commands need no transaction object): the tables are counted at one
        // instant even while the file is written to. Closing the connection ends it.
        await using (var begin = new SqliteCommand("BEGIN", connection))
        {
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }

        return await SqliteTables.SnapshotAsync(connection, cancellationToken);
    }

    private static string Describe(string file) => new SqliteConnectionStringBuilder { DataSource = file }.ToString();

    private static async Task<SqliteConnection> OpenAsync(string connectionString, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection kept open would hold the file, and the restore needs it to be the only one.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = mode, Pooling = false, DefaultTimeout = 5 };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static void DeleteCompanions(string file)
    {
        foreach (var suffix in Companions)
        {
            File.Delete(file + suffix);
        }
    }

    [LoggerMessage(LogLevel.Information, "Restoring the SQLite database {File}")]
    private static partial void LogRestoring(ILogger logger, string file);
}
