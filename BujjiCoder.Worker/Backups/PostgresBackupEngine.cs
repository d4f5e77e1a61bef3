using System.Data;
using Npgsql;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// PostgreSQL: <c>pg_dump</c> in custom format at a snapshot the engine exports and checksums in, <c>pg_restore</c> into a
/// database it creates, and scratch databases on the same server (or <see cref="DatabaseEngineOptions.VerifyConnectionString"/>).
/// </summary>
internal sealed partial class PostgresBackupEngine(string connectionString, PostgresTools tools, DatabaseEngineOptions options, ILogger<PostgresBackupEngine> logger)
    : IDatabaseBackupEngine
{
    public const string DumpFileName = "database.pgdump";

    // Every connection of the engine is its own: a pooled idle connection would count as "another session" on a target.
    private readonly NpgsqlConnectionStringBuilder _source = Unpooled(connectionString);

    public string Provider => "postgresql";

    public async Task<DatabaseDump> DumpAsync(string directory, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, DumpFileName);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(_source.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The snapshot pg_dump reads lives as long as this transaction: the tables are checksummed in it, so the manifest
        // describes exactly the rows in the dump, however many the Api writes meanwhile.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await ExecuteAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection))
        {
            snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        }

        // Uncompressed: the storage side compresses (and encrypts) the whole file once.
        var dump = tools.Start("pg_dump", _source,
            ["--format=custom", "--compress=0", $"--snapshot={snapshot}", "--no-password", $"--file={file}"]);
        IReadOnlyList<TableSnapshot> tables;
        try
        {
            await PostgresTables.UseCanonicalSettingsAsync(connection, cancellationToken);
            tables = await PostgresTables.SnapshotAsync(connection, cancellationToken);
        }
        finally
        {
            // pg_dump must end before the snapshot's transaction does, even when checksumming failed.
            await PostgresTools.WaitAsync(dump, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogDumped(logger, new FileInfo(file).Length, tables.Count, tables.Sum(t => t.Rows), clock.ElapsedMilliseconds);
        return new DatabaseDump(Provider, file, tables);
    }

    public async Task RestoreAsync(string dumpFile, string targetConnectionString, bool force, CancellationToken cancellationToken)
    {
        DumpFiles.Require(dumpFile, DumpFiles.PostgresCustom, Provider);
        var target = Unpooled(targetConnectionString);
        var name = string.IsNullOrEmpty(target.Database)
            ? throw new ArgumentException("The target connection string names no database.", nameof(targetConnectionString))
            : target.Database;
        var maintenance = Maintenance(target, "postgres");

        if (!await DatabaseExistsAsync(maintenance, name, cancellationToken))
        {
            LogCreating(logger, name);
            await ExecuteAsync(maintenance, $"CREATE DATABASE {PostgresTables.Quote(name)}", cancellationToken);
            await RestoreOrDropAsync(dumpFile, target, maintenance, cancellationToken);
            return;
        }

        long tables;
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            tables = await PostgresTables.CountAsync(connection, cancellationToken);
        }

        if (tables > 0 && !force)
        {
            throw new TargetNotEmptyException($"The database {name} holds {tables} tables; restoring would replace them. Give --force to replace it.");
        }

        await RefuseConnectedSessionsAsync(maintenance, name, cancellationToken);
        if (tables == 0)
        {
            // Empty (perhaps made by an operator who may not create databases): restored in place, in one transaction.
            await tools.RunAsync("pg_restore", target, RestoreArguments(dumpFile, name), cancellationToken);
            return;
        }

        // Replacing: the backup is restored beside the database first, and the old one is dropped only once that worked, so
        // a dump that fails to restore leaves the target as it was. Dropping the database (rather than its schema) leaves
        // nothing behind that the dump does not hold: other schemas, extensions, types.
        var staging = $"{(name.Length > 40 ? name[..40] : name)}_restoring_{Guid.NewGuid().ToString("N")[..8]}";
        LogReplacing(logger, name, staging);
        await ExecuteAsync(maintenance, $"CREATE DATABASE {PostgresTables.Quote(staging)}", cancellationToken);
        await RestoreOrDropAsync(dumpFile, Maintenance(target, staging), maintenance, cancellationToken);
        try
        {
            await RefuseConnectedSessionsAsync(maintenance, name, cancellationToken);
            await ExecuteAsync(maintenance, $"DROP DATABASE {PostgresTables.Quote(name)}", cancellationToken);
        }
        catch (Exception exception) when (exception is DatabaseInUseException or PostgresException)
        {
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresTables.Quote(staging)} WITH (FORCE)", CancellationToken.None);
            throw exception is PostgresException { SqlState: PostgresErrorCodes.ObjectInUse }
                ? new DatabaseInUseException(ConnectedMessage(name, "a session"))
                : exception;
        }

        await ExecuteAsync(maintenance, $"ALTER DATABASE {PostgresTables.Quote(staging)} RENAME TO {PostgresTables.Quote(name)}", cancellationToken);
    }

    public async Task<ScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var server = string.IsNullOrWhiteSpace(options.VerifyConnectionString) ? _source : Unpooled(options.VerifyConnectionString);
        var maintenance = Maintenance(server, string.IsNullOrWhiteSpace(options.VerifyConnectionString) ? "postgres" : server.Database ?? "postgres");
        var name = $"bujji_verify_{Guid.NewGuid():N}";
        await ExecuteAsync(maintenance, $"CREATE DATABASE {PostgresTables.Quote(name)}", cancellationToken);
        return new ScratchDatabase(Maintenance(server, name).ConnectionString, async () =>
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresTables.Quote(name)} WITH (FORCE)", CancellationToken.None));
    }

    public async Task<IReadOnlyList<TableSnapshot>> SnapshotTablesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await PostgresTables.UseCanonicalSettingsAsync(connection, cancellationToken);
        return await PostgresTables.SnapshotAsync(connection, cancellationToken);
    }

    private async Task RestoreOrDropAsync(string dumpFile, NpgsqlConnectionStringBuilder into, NpgsqlConnectionStringBuilder maintenance, CancellationToken cancellationToken)
    {
        try
        {
            await tools.RunAsync("pg_restore", into, RestoreArguments(dumpFile, into.Database!), cancellationToken);
        }
        catch
        {
            // A half-restored database must not be mistaken for the backup.
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {PostgresTables.Quote(into.Database!)} WITH (FORCE)", CancellationToken.None);
            throw;
        }
    }

    // Ownership and grants are the old server's: the restoring role owns everything, as the service's role did.
    private static string[] RestoreArguments(string dumpFile, string database) =>
        ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", "--no-password", $"--dbname={database}", dumpFile];

    private static async Task RefuseConnectedSessionsAsync(NpgsqlConnectionStringBuilder maintenance, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(nullif(application_name, ''), 'unnamed') FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        var sessions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(reader.GetString(0));
        }

        if (sessions.Count > 0)
        {
            var who = $"{sessions.Count} session(s) ({string.Join(", ", sessions.Distinct().Order(StringComparer.Ordinal))})";
            throw new DatabaseInUseException(ConnectedMessage(database, who));
        }
    }

    private static string ConnectedMessage(string database, string who) =>
        $"The database {database} is in use by {who}: stop the Api and the Worker (every replica) before restoring over it.";

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnectionStringBuilder maintenance, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder on, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(on.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, sql, cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlConnectionStringBuilder Unpooled(string connectionString) =>
        new(connectionString) { Pooling = false, CommandTimeout = 0 };

    private static NpgsqlConnectionStringBuilder Maintenance(NpgsqlConnectionStringBuilder server, string database) =>
        new(server.ConnectionString) { Database = database };

    [LoggerMessage(LogLevel.Information, "Dumped the PostgreSQL database: {Bytes} bytes, {Tables} tables, {Rows} rows checksummed in {ElapsedMs} ms")]
    private static partial void LogDumped(ILogger logger, long bytes, int tables, long rows, long elapsedMs);

    [LoggerMessage(LogLevel.Information, "Creating the database {Database} to restore into")]
    private static partial void LogCreating(ILogger logger, string database);

    [LoggerMessage(LogLevel.Information, "Replacing the database {Database}: restoring into {Staging} first")]
    private static partial void LogReplacing(ILogger logger, string database, string staging);
}
