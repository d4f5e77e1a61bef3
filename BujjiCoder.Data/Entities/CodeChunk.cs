namespace BujjiCoder.Data.Entities;

/// <summary>
/// A piece of a text blob (a definition, or the lines between definitions) and its embedding under one model.
/// Chunks belong to blobs, not to workspaces: a file finds its chunks through its hash, so identical content is
/// embedded once, a deleted file drops out of semantic search with its <see cref="WorkspaceFile"/> row, and an
/// edited file points at a new blob that waits for the indexer.
/// </summary>
public sealed class CodeChunk
{
    public long Id { get; set; }

    public required string BlobHash { get; set; }

    /// <summary>The embedding model's id (<c>EmbeddingModel.Id</c>): vectors of different models are never compared.</summary>
    public required string Model { get; set; }

    /// <summary>1-based, inclusive.</summary>
    public int StartLine { get; set; }

    /// <summary>1-based, inclusive.</summary>
    public int EndLine { get; set; }

    /// <summary>The definition the chunk starts at, when it starts at one.</summary>
    public string? Symbol { get; set; }

    /// <summary>Lower-case symbol kind (<c>class</c>, <c>function</c>, ...) of <see cref="Symbol"/>.</summary>
    public string? Kind { get; set; }

    /// <summary>The unit-length embedding as little-endian float32 values (<c>VectorCodec</c>).</summary>
    public required byte[] Vector { get; set; }
}

/// <summary>
/// A blob the indexer has finished under one model, written in the same transaction as its chunks. A text file whose
/// blob has no row for the current model is pending; a row with no chunks (an empty file) is finished too.
/// </summary>
public sealed class EmbeddedBlob
{
    public required string BlobHash { get; set; }

    public required string Model { get; set; }

    public int ChunkCount { get; set; }

    public DateTime EmbeddedAt { get; set; }
}
