namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// The feature flag (<c>FeatureManagement:SemanticSearch</c>) that switches semantic search, hybrid retrieval and the indexer.
/// Named here, beside what it switches, so the Api and the Worker read one name.
/// </summary>
public static class SemanticSearchFeature
{
    public const string Flag = "SemanticSearch";
}
