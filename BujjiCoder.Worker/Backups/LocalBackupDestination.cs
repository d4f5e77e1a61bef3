using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// Backups in a local directory (<c>Worker:Backup:Local:Path</c>), e.g. a mounted volume that something else copies off
/// the machine. Each file is written under a temporary name and renamed, so a crash leaves no half file under a real name.
/// </summary>
internal sealed class LocalBackupDestination(string directory) : IBackupDestination
{
    public LocalBackupDestination(IOptions<BackupOptions> options)
        : this(options.Value.Local.Path ?? throw new InvalidOperationException("Worker:Backup:Local:Path is not set."))
    {
    }

    public string Name => "local";

    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task PutAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await WriteAtomicallyAsync(BackupManifests.FileName(manifest.Id), async target =>
        {
            await using var source = File.OpenRead(packedFile);
            await source.CopyToAsync(target, cancellationToken);
        });
        await WriteAtomicallyAsync(BackupManifests.ManifestName(manifest.Id),
            async target => await target.WriteAsync(BackupManifests.Serialize(manifest), cancellationToken));
    }

    public async Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var manifests = new List<BackupManifest>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + BackupManifests.ManifestSuffix))
        {
            await using var json = File.OpenRead(path);
            manifests.Add(await BackupManifests.ReadAsync(json, cancellationToken));
        }

        return [.. manifests.OrderBy(m => m.CreatedAt)];
    }

    public async Task<BackupManifest?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var path = PathOf(BackupManifests.ManifestName(id));
        if (!File.Exists(path))
        {
            return null;
        }

        await using var json = File.OpenRead(path);
        return await BackupManifests.ReadAsync(json, cancellationToken);
    }

    public async Task DownloadAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken)
    {
        await using var source = File.OpenRead(PathOf(manifest.FileName));
        await using var target = File.Create(packedFile);
        await source.CopyToAsync(target, cancellationToken);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(BackupManifests.ManifestName(id)));
        File.Delete(PathOf(BackupManifests.FileName(id)));
        return Task.CompletedTask;
    }

    /// <summary>A name from a manifest or a caller, kept inside the directory.</summary>
    private string PathOf(string name) =>
        Path.GetFileName(name) == name && name is not ("." or "..")
            ? Path.Combine(Directory, name)
            : throw new ArgumentException($"'{name}' is not a backup file name.", nameof(name));

    private async Task WriteAtomicallyAsync(string name, Func<Stream, Task> write)
    {
        var path = PathOf(name);
        var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await write(target);
                // On disk before the rename makes it visible: a rename can outlive a crash that the data did not.
                target.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
