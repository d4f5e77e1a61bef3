namespace BujjiCoder.Workspaces.Semantic;

/// <summary>One chunk of a blob as the exact search keeps it: its lines and the definition it starts at, if any.</summary>
public sealed record ChunkInfo(int StartLine, int EndLine, string? Symbol, string? Kind);

/// <summary>
/// A blob's chunks under one model, decoded: <see cref="Vectors"/> holds the chunks' vectors back to back
/// (<see cref="Dimensions"/> values each), in the order of <see cref="Chunks"/>. Immutable, so one copy serves every query.
/// </summary>
public sealed class BlobVectors(IReadOnlyList<ChunkInfo> chunks, float[] vectors, int dimensions)
{
    public static readonly BlobVectors Empty = new([], [], 0);

    public IReadOnlyList<ChunkInfo> Chunks { get; } = chunks;

    public int Dimensions { get; } = dimensions;

    public ReadOnlySpan<float> VectorOf(int chunk) => vectors.AsSpan(chunk * Dimensions, Dimensions);

    /// <summary>Roughly what this takes in memory, in bytes: the vectors, and a small record per chunk.</summary>
    public long Size => (vectors.LongLength * sizeof(float)) + (Chunks.Count * 96L) + 64;
}
