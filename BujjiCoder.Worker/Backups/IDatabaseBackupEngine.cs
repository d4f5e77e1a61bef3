namespace BujjiCoder.Worker.Backups;

/// <summary>Dumps and restores the service's database: PostgreSQL with pg_dump/pg_restore, SQLite with VACUUM INTO and a file.</summary>
internal interface IDatabaseBackupEngine
{
    /// <summary><c>postgresql</c> or <c>sqlite</c>, as in the manifest; a restore refuses a dump of the other kind.</summary>
    string Provider { get; }

    /// <summary>Dumps the service's database into <paramref name="directory"/>, its tables counted and checksummed at the dump's own snapshot.</summary>
    Task<DatabaseDump> DumpAsync(string directory, CancellationToken cancellationToken);

    /// <summary>
    /// Restores <paramref name="dumpFile"/> into the database <paramref name="targetConnectionString"/> names, creating it when
    /// missing; refuses (<see cref="InvalidOperationException"/>) a target that holds any table unless <paramref name="force"/>.
    /// </summary>
    Task RestoreAsync(string dumpFile, string targetConnectionString, bool force, CancellationToken cancellationToken);

    /// <summary>An empty database to verify a backup in, removed when disposed.</summary>
    Task<ScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken);

    /// <summary>Every table of the database <paramref name="connectionString"/> names, counted and checksummed as <see cref="DumpAsync"/> does.</summary>
    Task<IReadOnlyList<TableSnapshot>> SnapshotTablesAsync(string connectionString, CancellationToken cancellationToken);
}

/// <summary>A throw-away database: its connection string, and what removes it.</summary>
internal sealed class ScratchDatabase(string connectionString, Func<ValueTask> remove) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => remove();
}
