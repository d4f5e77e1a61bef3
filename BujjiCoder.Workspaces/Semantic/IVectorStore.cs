namespace BujjiCoder.Workspaces.Semantic;

/// <summary>A chunk of a workspace's current file and its similarity to the query (cosine: higher is nearer). Lines are 1-based, inclusive.</summary>
public sealed record ScoredChunk(string Path, string BlobHash, int StartLine, int EndLine, string? Symbol, string? Kind, double Score);

/// <summary>
/// Nearest chunks of a workspace's current files (never a deleted file, never an edited file's old content) to a query
/// vector of the current embedding model, nearest first. Which store answers is <c>Retrieval:VectorStore</c>
/// (<see cref="SemanticServiceExtensions.AddSemanticSearch"/>).
/// </summary>
public interface IVectorStore
{
    Task<IReadOnlyList<ScoredChunk>> SearchAsync(Guid workspaceId, ReadOnlyMemory<float> query, int limit, CancellationToken cancellationToken);
}
