extern alias worker;

using System.Security.Cryptography;
using worker::BujjiCoder.Worker.Backups;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>Packing a dump (gzip, AES-256-GCM in chunks, SHA-256) and unpacking it, on real files.</summary>
public sealed class BackupPackingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-packing");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unencrypted_backup_unpacks_to_the_same_bytes_and_is_smaller_than_its_dump()
    {
        var dump = await WriteDumpAsync(compressible: true);
        var packer = new BackupPacker(new BackupKeyRing(null, []));

        var (manifest, packed) = await PackAsync(packer, dump);
        var unpacked = await UnpackAsync(packer, manifest, packed);

        Assert.False(manifest.Encrypted);
        Assert.Null(manifest.KeyId);
        Assert.True(manifest.SizeBytes < manifest.DumpBytes / 4, $"{manifest.SizeBytes} bytes packed from {manifest.DumpBytes}");
        Assert.Equal(await File.ReadAllBytesAsync(dump, Cancellation), await File.ReadAllBytesAsync(unpacked, Cancellation));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(packed, Cancellation))), manifest.Sha256);
    }

    [Fact]
    public async Task An_encrypted_backup_of_several_chunks_unpacks_to_the_same_bytes_and_holds_none_of_them_in_clear()
    {
        // Random bytes do not compress: 3 MB stays over 1 MiB chunks, so several chunks are sealed and opened.
        var dump = await WriteDumpAsync(compressible: false, marker: "visible-in-the-dump");
        var key = NewKey();
        var packer = new BackupPacker(new BackupKeyRing(key, []));

        var (manifest, packed) = await PackAsync(packer, dump);
        var unpacked = await UnpackAsync(packer, manifest, packed);

        Assert.True(manifest.Encrypted);
        Assert.Equal(BackupKeyRing.IdOf(Convert.FromBase64String(key)), manifest.KeyId);
        Assert.True(manifest.SizeBytes > 2 * 1024 * 1024);
        Assert.Equal(await File.ReadAllBytesAsync(dump, Cancellation), await File.ReadAllBytesAsync(unpacked, Cancellation));
        Assert.DoesNotContain("visible-in-the-dump", await File.ReadAllTextAsync(packed, Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_encrypted_with_another_key_is_refused_with_the_id_of_the_key_it_needs()
    {
        var dump = await WriteDumpAsync(compressible: true);
        var oldKey = NewKey();
        var (manifest, packed) = await PackAsync(new BackupPacker(new BackupKeyRing(oldKey, [])), dump);
        var rotated = new BackupPacker(new BackupKeyRing(NewKey(), []));

        var refused = await Assert.ThrowsAsync<BackupKeyMissingException>(() => UnpackAsync(rotated, manifest, packed));

        Assert.Contains($"key {manifest.KeyId}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Worker:Backup:PreviousEncryptionKeys", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_previous_key_still_opens_a_backup_taken_before_the_rotation()
    {
        var dump = await WriteDumpAsync(compressible: true);
        var oldKey = NewKey();
        var (manifest, packed) = await PackAsync(new BackupPacker(new BackupKeyRing(oldKey, [])), dump);
        var rotated = new BackupPacker(new BackupKeyRing(NewKey(), [oldKey]));

        var unpacked = await UnpackAsync(rotated, manifest, packed);

        Assert.Equal(await File.ReadAllBytesAsync(dump, Cancellation), await File.ReadAllBytesAsync(unpacked, Cancellation));
    }

    [Fact]
    public async Task A_key_id_that_names_the_wrong_key_is_refused_by_the_decryption_not_trusted()
    {
        // A manifest edited to name a key this Worker has (the file itself untouched): the file's header and tags disagree.
        var dump = await WriteDumpAsync(compressible: true);
        var (manifest, packed) = await PackAsync(new BackupPacker(new BackupKeyRing(NewKey(), [])), dump);
        var other = NewKey();
        var lying = manifest with { KeyId = BackupKeyRing.IdOf(Convert.FromBase64String(other)) };

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(new BackupPacker(new BackupKeyRing(other, [])), lying, packed));

        Assert.Contains(manifest.KeyId!, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_packed_file_changed_by_one_byte_fails_its_SHA_256_before_anything_is_unpacked()
    {
        var dump = await WriteDumpAsync(compressible: true);
        var packer = new BackupPacker(new BackupKeyRing(NewKey(), []));
        var (manifest, packed) = await PackAsync(packer, dump);
        var bytes = await File.ReadAllBytesAsync(packed, Cancellation);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(packed, bytes, Cancellation);
        var target = Path.Combine(_directory.Path, "never.dump");

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => packer.UnpackAsync(manifest, packed, target, Cancellation));

        Assert.Contains("damaged", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("cut after a whole chunk")]
    [InlineData("chunks swapped")]
    public async Task An_encrypted_file_cut_or_reordered_at_chunk_boundaries_does_not_decrypt_even_with_a_matching_SHA_256(string damage)
    {
        var dump = await WriteDumpAsync(compressible: false);
        var packer = new BackupPacker(new BackupKeyRing(NewKey(), []));
        var (manifest, packed) = await PackAsync(packer, dump);
        var bytes = await File.ReadAllBytesAsync(packed, Cancellation);
        const int Header = 24, Chunk = 4 + (1024 * 1024) + 16;
        byte[] changed;
        if (damage == "cut after a whole chunk")
        {
            changed = bytes[..(Header + (2 * Chunk))];
        }
        else
        {
            changed = [.. bytes[..Header], .. bytes[(Header + Chunk)..(Header + (2 * Chunk))], .. bytes[Header..(Header + Chunk)], .. bytes[(Header + (2 * Chunk))..]];
        }

        await File.WriteAllBytesAsync(packed, changed, Cancellation);
        // Someone who can change the file can change the manifest beside it too: only the encryption stands in the way.
        var forged = manifest with { SizeBytes = changed.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(changed)) };

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(packer, forged, packed));

        Assert.Contains("does not decrypt", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_base64_of_exactly_32_bytes_is_a_key()
    {
        Assert.True(BackupKeyRing.IsValidKey(NewKey()));
        Assert.False(BackupKeyRing.IsValidKey(Convert.ToBase64String(new byte[16])));
        Assert.False(BackupKeyRing.IsValidKey(Convert.ToBase64String(new byte[33])));
        Assert.False(BackupKeyRing.IsValidKey("not base64 at all!"));
    }

    public void Dispose() => _directory.Dispose();

    internal static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task<string> WriteDumpAsync(bool compressible, string marker = "")
    {
        var path = Path.Combine(_directory.Path, $"{Guid.NewGuid():N}.dump");
        var bytes = compressible
            ? System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100_000).Select(i => $"row {i}: {marker}\n")))
            : [.. RandomNumberGenerator.GetBytes(3 * 1024 * 1024), .. System.Text.Encoding.UTF8.GetBytes(marker)];
        await File.WriteAllBytesAsync(path, bytes, Cancellation);
        return path;
    }

    private async Task<(BackupManifest Manifest, string Packed)> PackAsync(BackupPacker packer, string dump)
    {
        var id = BackupManifests.NewId(DateTime.UtcNow);
        var packedFile = Path.Combine(_directory.Path, BackupManifests.FileName(id));
        var packed = await packer.PackAsync(dump, packedFile, Cancellation);
        return (new BackupManifest(id, "postgresql", DateTime.UtcNow, BackupManifests.FileName(id), packed.SizeBytes, packed.Sha256, packed.DumpBytes,
            packed.KeyId is not null, packed.KeyId, []), packedFile);
    }

    private async Task<string> UnpackAsync(BackupPacker packer, BackupManifest manifest, string packed)
    {
        var target = Path.Combine(_directory.Path, $"{Guid.NewGuid():N}.unpacked");
        await packer.UnpackAsync(manifest, packed, target, Cancellation);
        return target;
    }
}
