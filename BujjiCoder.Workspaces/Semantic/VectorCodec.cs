using System.Runtime.InteropServices;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Vectors as stored in <c>code_chunks.vector</c>: the float32 values, little-endian, back to back. A plain byte column works
/// the same on PostgreSQL and SQLite; the exact search reads it back into memory without parsing.
/// </summary>
public static class VectorCodec
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Stored vectors are little-endian.");
        }

        return MemoryMarshal.AsBytes(vector).ToArray();
    }

    public static float[] Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"A stored vector's length ({stored.Length} bytes) is not a multiple of {sizeof(float)}.", nameof(stored));
        }

        return MemoryMarshal.Cast<byte, float>(stored).ToArray();
    }
}
