using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Semantic;

public static class SemanticServiceExtensions
{
    /// <summary>
    /// Search by meaning: the embedding model (<see cref="EmbeddingServiceExtensions.AddEmbeddings"/>), the vector store named by
    /// <c>Retrieval:VectorStore</c> with its vector cache, semantic and hybrid search, and the index state. Nothing is
    /// loaded until used, so a server with the SemanticSearch flag off pays nothing for it.
    /// </summary>
    public static IHostApplicationBuilder AddSemanticSearch(this IHostApplicationBuilder builder)
    {
        builder.AddEmbeddings();
        builder.Services.AddOptions<VectorSearchOptions>().BindConfiguration(VectorSearchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VectorSearchOptions>, VectorStoreValidation>();
        builder.Services.AddSingleton<BlobVectorCache>();
        builder.Services.AddScoped<ExactVectorStore>();
        builder.Services.AddScoped<PgvectorStore>();
        builder.Services.AddScoped<IVectorStore>(services => services.GetRequiredService<IOptions<VectorSearchOptions>>().Value.VectorStore switch
        {
            VectorStoreKind.Exact => services.GetRequiredService<ExactVectorStore>(),
            VectorStoreKind.Pgvector => services.GetRequiredService<PgvectorStore>(),
            var other => throw new InvalidOperationException($"{VectorSearchOptions.SectionName}:VectorStore {other} is not built."),
        });
        if (builder.Configuration.GetValue<VectorStoreKind>($"{VectorSearchOptions.SectionName}:{nameof(VectorSearchOptions.VectorStore)}") == VectorStoreKind.Pgvector)
        {
            builder.Services.AddHostedService<PgvectorSchema>();
        }
        builder.Services.AddScoped<SemanticCodeSearch>();
        builder.Services.AddScoped<SemanticIndexStatus>();
        return builder;
    }
}
