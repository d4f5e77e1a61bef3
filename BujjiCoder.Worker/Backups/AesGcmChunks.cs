using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The layout of an encrypted backup: a header, then the compressed dump in chunks, each sealed with AES-256-GCM on its own
/// so neither side holds more than a chunk in memory.
/// <code>
/// header  "BJBKGCM1" | key id (8 bytes) | nonce prefix (8 random bytes)
/// chunk   ciphertext length (u32 LE) | ciphertext | tag (16 bytes)        — repeated; the last one may be empty
/// nonce   nonce prefix | chunk index (u32 BE)                              — unique per key while prefixes do not repeat
/// AAD     header | chunk index (u64 BE) | 1 on the last chunk, else 0
/// </code>
/// The index in the associated data makes reordered chunks fail; the last-chunk flag makes a file cut at a chunk boundary
/// fail (its new last chunk was sealed as "not last"); the header in it makes a swapped key id or prefix fail.
/// </summary>
internal static class AesGcmChunks
{
    public const int ChunkSize = 1024 * 1024;
    public const int TagSize = 16;
    public const int HeaderSize = 24;
    private const int NoncePrefixSize = 8;

    public static ReadOnlySpan<byte> Magic => "BJBKGCM1"u8;

    public static byte[] NewHeader(string keyId)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        Convert.FromHexString(keyId).CopyTo(header.AsSpan(8, 8));
        RandomNumberGenerator.Fill(header.AsSpan(16, NoncePrefixSize));
        return header;
    }

    public static string KeyIdOf(ReadOnlySpan<byte> header) => Convert.ToHexStringLower(header.Slice(8, 8));

    public static void Nonce(ReadOnlySpan<byte> header, long index, Span<byte> nonce)
    {
        header.Slice(16, NoncePrefixSize).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], checked((uint)index));
    }

    public static byte[] AssociatedData(ReadOnlySpan<byte> header, long index, bool last)
    {
        var data = new byte[HeaderSize + 9];
        header.CopyTo(data);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(HeaderSize), index);
        data[^1] = last ? (byte)1 : (byte)0;
        return data;
    }
}
