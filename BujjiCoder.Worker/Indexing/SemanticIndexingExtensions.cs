using BujjiCoder.Workspaces.Semantic;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Worker.Indexing;

internal static class SemanticIndexingExtensions
{
    /// <summary>
    /// The semantic indexer (<c>Retrieval:Indexing</c>, <c>Retrieval:Embeddings</c>), run while the <c>SemanticSearch</c>
    /// flag (<c>FeatureManagement:SemanticSearch</c>, the key the Api reads) is on.
    /// </summary>
    public static IHostApplicationBuilder AddSemanticIndexing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFeatureManagement();
        builder.AddSemanticIndexer();
        builder.Services.AddHostedService<SemanticIndexingService>();
        return builder;
    }
}
