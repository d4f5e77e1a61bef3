using System.IO.Compression;
using System.Security.Cryptography;

namespace BujjiCoder.Worker.Backups;

/// <summary>What packing a dump made: the stored file's size and SHA-256, and the key it is encrypted with (null: not encrypted).</summary>
internal sealed record PackedBackup(long SizeBytes, string Sha256, long DumpBytes, string? KeyId);

/// <summary>
/// Turns a dump into the file destinations store and back: gzip, then (with a key) AES-256-GCM in chunks
/// (<see cref="AesGcmChunks"/>). The SHA-256 is of the stored bytes, taken while writing them, so a copy can be checked
/// before anything in it is trusted; unpacking checks it first.
/// </summary>
internal sealed class BackupPacker(BackupKeyRing keys)
{
    public async Task<PackedBackup> PackAsync(string dumpFile, string packedFile, CancellationToken cancellationToken)
    {
        var key = keys.Current;
        var keyId = keys.CurrentId;
        using var sha = SHA256.Create();
        await using (var output = new FileStream(packedFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        await using (var hashing = new CryptoStream(output, sha, CryptoStreamMode.Write, leaveOpen: true))
        {
            await using (var input = new FileStream(dumpFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                var encrypting = key is null ? null : new AesGcmEncryptingStream(hashing, key, keyId!);
                await using (encrypting)
                {
                    await using (var gzip = new GZipStream((Stream?)encrypting ?? hashing, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        await input.CopyToAsync(gzip, cancellationToken);
                    }

                    encrypting?.Complete();
                }
            }

            await hashing.FlushFinalBlockAsync(cancellationToken);
        }

        return new PackedBackup(new FileInfo(packedFile).Length, Convert.ToHexStringLower(sha.Hash!), new FileInfo(dumpFile).Length, keyId);
    }

    /// <summary>
    /// Checks <paramref name="packedFile"/> against the manifest's SHA-256, then decrypts and decompresses it into
    /// <paramref name="dumpFile"/>. Throws <see cref="InvalidDataException"/> for a file that is not the one the manifest
    /// describes, <see cref="BackupKeyMissingException"/> for a key this Worker does not have.
    /// </summary>
    public async Task UnpackAsync(BackupManifest manifest, string packedFile, string dumpFile, CancellationToken cancellationToken)
    {
        await VerifyAsync(manifest, packedFile, cancellationToken);
        byte[]? key = null;
        if (manifest.Encrypted)
        {
            key = keys.Find(manifest.KeyId ?? throw new InvalidDataException($"The manifest of backup {manifest.Id} says it is encrypted but names no key."));
        }

        await using var input = new FileStream(packedFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var decrypting = key is null ? null : new AesGcmDecryptingStream(input, key, manifest.KeyId!);
        await using var gzip = new GZipStream((Stream?)decrypting ?? input, CompressionMode.Decompress);
        await using var output = new FileStream(dumpFile, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await gzip.CopyToAsync(output, cancellationToken);
        if (output.Length != manifest.DumpBytes)
        {
            throw new InvalidDataException($"Backup {manifest.Id} unpacked to {output.Length} bytes, not the {manifest.DumpBytes} its manifest says.");
        }
    }

    /// <summary>Whether <paramref name="packedFile"/> is byte for byte the file the manifest describes (size and SHA-256).</summary>
    public static async Task VerifyAsync(BackupManifest manifest, string packedFile, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(packedFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
        if (input.Length != manifest.SizeBytes || sha != manifest.Sha256)
        {
            throw new InvalidDataException(
                $"Backup {manifest.Id} is damaged: its file has SHA-256 {sha} ({input.Length} bytes), the manifest says {manifest.Sha256} ({manifest.SizeBytes} bytes).");
        }
    }
}
