using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// Backups in an Azure Blob Storage container (<c>Worker:Backup:Blob</c>), reached with a connection string or with
/// DefaultAzureCredential (a managed identity in Azure). Blob uploads are all-or-nothing, and the manifest goes up after
/// the file, so a listed backup is always whole.
/// </summary>
internal sealed class BlobBackupDestination(BlobContainerClient container) : IBackupDestination
{
    private int _created;

    public BlobBackupDestination(IOptions<BackupOptions> options)
        : this(ContainerOf(options.Value.Blob))
    {
    }

    public string Name => "blob";

    public BlobContainerClient Container => container;

    public async Task PutAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        await container.GetBlobClient(BackupManifests.FileName(manifest.Id)).UploadAsync(packedFile, overwrite: true, cancellationToken);
        await container.GetBlobClient(BackupManifests.ManifestName(manifest.Id)).UploadAsync(
            BinaryData.FromBytes(BackupManifests.Serialize(manifest)), overwrite: true, cancellationToken);
    }

    public async Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var manifests = new List<BackupManifest>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (blob.Name.EndsWith(BackupManifests.ManifestSuffix, StringComparison.Ordinal))
                {
                    var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                    manifests.Add(BackupManifests.Deserialize(content.Value.Content.ToMemory().Span));
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No container yet: nothing was ever stored. (Asking first would need a right a container-scoped SAS lacks.)
            return [];
        }

        return [.. manifests.OrderBy(m => m.CreatedAt)];
    }

    public async Task<BackupManifest?> FindAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(BackupManifests.ManifestName(id)).DownloadContentAsync(cancellationToken);
            return BackupManifests.Deserialize(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task DownloadAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken) =>
        await container.GetBlobClient(manifest.FileName).DownloadToAsync(packedFile, cancellationToken);

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await container.GetBlobClient(BackupManifests.ManifestName(id)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        await container.GetBlobClient(BackupManifests.FileName(id)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    private static BlobContainerClient ContainerOf(BlobBackupOptions options)
    {
        var service = options.ConnectionString is { Length: > 0 } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(options.ServiceUri ?? throw new InvalidOperationException("Worker:Backup:Blob is not configured."), new DefaultAzureCredential());
        return service.GetBlobContainerClient(options.Container);
    }

    /// <summary>
    /// Creates the container on first use, once per process. A credential that may write blobs but not create containers
    /// (a container-scoped SAS) is refused with 403: the operator made the container, and the upload says whether it works.
    /// </summary>
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 403)
            {
            }

            Volatile.Write(ref _created, 1);
        }
    }
}
