namespace BujjiCoder.Workspaces.Semantic.Embeddings;

/// <summary>
/// The embedding model in use. <see cref="Id"/> is stored beside every vector: vectors of different models (or of one
/// model cut to other lengths) mean nothing to each other, so changing the model makes every blob pending again.
/// </summary>
public sealed record EmbeddingModel(string Id, int Dimensions);
