namespace BujjiCoder.Worker.Backups;

/// <summary>Somewhere backups are kept: a local directory or an Azure Blob Storage container.</summary>
internal interface IBackupDestination
{
    /// <summary><c>local</c> or <c>blob</c>, as in <c>database_backups.Destinations</c> and logs.</summary>
    string Name { get; }

    /// <summary>Stores the packed file, then its manifest (so <see cref="ListAsync"/> never shows a half-written backup).</summary>
    Task PutAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken);

    Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken);

    Task<BackupManifest?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Copies the packed file of <paramref name="manifest"/> to <paramref name="packedFile"/> on local disk.</summary>
    Task DownloadAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken);

    /// <summary>Deletes the manifest first, then the file, so a half-deleted backup is never listed.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
