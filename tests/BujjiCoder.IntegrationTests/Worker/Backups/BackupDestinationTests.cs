extern alias worker;

using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using worker::BujjiCoder.Worker.Backups;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>Both destinations, the same way: a local directory, and Blob Storage through the real Azure SDK against Azurite.</summary>
public sealed class BackupDestinationTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-destinations");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("local")]
    [InlineData("blob")]
    public async Task A_stored_backup_is_listed_found_read_back_byte_for_byte_and_deleted(string kind)
    {
        var destination = await DestinationAsync(kind);
        var (manifest, packed) = await PackedFileAsync();
        Assert.Empty(await destination.ListAsync(Cancellation)); // nothing there yet, not even the directory or container

        await destination.PutAsync(manifest, packed, Cancellation);
        var listed = await destination.ListAsync(Cancellation);
        var found = await destination.FindAsync(manifest.Id, Cancellation);
        var copy = Path.Combine(_directory.Path, "copy");
        await destination.DownloadAsync(manifest, copy, Cancellation);

        Assert.Equal(kind, destination.Name);
        Assert.Equal([manifest.Id], listed.Select(m => m.Id));
        Assert.NotNull(found);
        Assert.Equal(manifest with { Tables = [] }, found with { Tables = [] });
        Assert.Equal(manifest.Tables, found.Tables);
        Assert.Equal(await File.ReadAllBytesAsync(packed, Cancellation), await File.ReadAllBytesAsync(copy, Cancellation));
        await BackupPacker.VerifyAsync(manifest, copy, Cancellation);

        await destination.DeleteAsync(manifest.Id, Cancellation);

        Assert.Empty(await destination.ListAsync(Cancellation));
        Assert.Null(await destination.FindAsync(manifest.Id, Cancellation));
    }

    [Fact]
    public async Task The_local_directory_holds_the_file_and_its_manifest_under_their_documented_names_and_nothing_else()
    {
        var destination = new LocalBackupDestination(Path.Combine(_directory.Path, "backups"));
        var (manifest, packed) = await PackedFileAsync();

        await destination.PutAsync(manifest, packed, Cancellation);

        Assert.Equal(
            [$"{manifest.Id}.backup", $"{manifest.Id}.manifest.json"],
            Directory.GetFiles(destination.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_container_scoped_SAS_that_may_not_create_containers_still_stores_lists_and_deletes_backups()
    {
        var server = await azurite.GetAsync();
        var owner = new BlobServiceClient(server.ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}");
        await owner.CreateAsync(cancellationToken: Cancellation);
        var sas = owner.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.List
            | BlobContainerSasPermissions.Delete, DateTimeOffset.UtcNow.AddHours(1));
        var destination = new BlobBackupDestination(new BlobContainerClient(sas));
        var (manifest, packed) = await PackedFileAsync();

        await destination.PutAsync(manifest, packed, Cancellation);

        Assert.Equal([manifest.Id], (await destination.ListAsync(Cancellation)).Select(m => m.Id));
        await destination.DeleteAsync(manifest.Id, Cancellation);
        Assert.Empty(await destination.ListAsync(Cancellation));
    }

    public void Dispose() => _directory.Dispose();

    private async Task<IBackupDestination> DestinationAsync(string kind)
    {
        if (kind == "local")
        {
            return new LocalBackupDestination(Path.Combine(_directory.Path, "backups"));
        }

        // A container per test: tests share one Azurite.
        var server = await azurite.GetAsync();
        return new BlobBackupDestination(new BlobServiceClient(server.ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}"));
    }

    private async Task<(BackupManifest Manifest, string Packed)> PackedFileAsync()
    {
        var dump = Path.Combine(_directory.Path, "database.dump");
        await File.WriteAllBytesAsync(dump, RandomNumberGenerator.GetBytes(300_000), Cancellation);
        var id = BackupManifests.NewId(DateTime.UtcNow);
        var packedFile = Path.Combine(_directory.Path, BackupManifests.FileName(id));
        var packed = await new BackupPacker(new BackupKeyRing(BackupPackingTests.NewKey(), [])).PackAsync(dump, packedFile, Cancellation);
        var manifest = new BackupManifest(id, "postgresql", new DateTime(2026, 12, 7, 15, 0, 0, DateTimeKind.Utc), BackupManifests.FileName(id),
            packed.SizeBytes, packed.Sha256, packed.DumpBytes, true, packed.KeyId, [new TableSnapshot("users", 2, "abc"), new TableSnapshot("audit_events", 0, "0")]);
        return (manifest, packedFile);
    }
}
