namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// The embedding model failed to embed a query (a hosted deployment down or refusing, the local model broken): a search by
/// meaning cannot be answered now, which is the model's fault and not the request's, so callers answer 503 rather than 500.
/// </summary>
public sealed class EmbeddingUnavailableException(Exception inner) : Exception("The embedding model could not embed the query.", inner);
