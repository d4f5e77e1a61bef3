using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Semantic;

public static class SemanticIndexingServiceExtensions
{
    /// <summary>
    /// The semantic indexer and its loop (<c>Retrieval:Indexing</c>), with the embedding model (<c>Retrieval:Embeddings</c>).
    /// The host runs the loop (the Worker always, the Api in embedded mode) and registers feature management.
    /// </summary>
    public static IHostApplicationBuilder AddSemanticIndexer(this IHostApplicationBuilder builder)
    {
        builder.AddEmbeddings();
        builder.Services.AddOptions<SemanticIndexingOptions>()
            .BindConfiguration(SemanticIndexingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SemanticIndexMetrics>();
        builder.Services.AddScoped<SemanticIndexer>();
        builder.Services.AddSingleton<SemanticIndexingLoop>();
        return builder;
    }
}
