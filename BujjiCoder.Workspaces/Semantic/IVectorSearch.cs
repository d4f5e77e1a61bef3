namespace BujjiCoder.Workspaces.Semantic;

/// <summary>A chunk of a workspace's current file and its similarity to the query (cosine: higher is nearer).</summary>
public sealed record ChunkMatch(string Path, string BlobHash, ChunkInfo Chunk, double Score);

/// <summary>
/// Nearest chunks of a workspace's current files to a query vector. One implementation (<see cref="ExactVectorSearch"/>);
/// the seam is where a database-side store (pgvector) would plug in.
/// </summary>
public interface IVectorSearch
{
    Task<IReadOnlyList<ChunkMatch>> NearestAsync(Guid workspaceId, ReadOnlyMemory<float> query, int count, CancellationToken cancellationToken);
}
