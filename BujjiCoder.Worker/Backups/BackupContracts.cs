namespace BujjiCoder.Worker.Backups;

/// <summary>One table as it was when a dump was taken: its rows and an order-independent checksum of their contents.</summary>
internal sealed record TableSnapshot(string Table, long Rows, string Checksum);

/// <summary>A database dumped to a local file at one instant, with its tables counted and checksummed at that same instant.</summary>
internal sealed record DatabaseDump(string Provider, string FilePath, IReadOnlyList<TableSnapshot> Tables);

/// <summary>
/// What a destination holds beside each backup file (<c>&lt;id&gt;.manifest.json</c>), written after the file so a listed
/// backup is always complete. A restore needs only this and the file: the database's own <c>database_backups</c> table may
/// be the thing being restored.
/// </summary>
internal sealed record BackupManifest(
    string Id,
    string Provider,
    DateTime CreatedAt,
    string FileName,
    long SizeBytes,
    string Sha256,
    long DumpBytes,
    bool Encrypted,
    string? KeyId,
    IReadOnlyList<TableSnapshot> Tables);
