using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using OpenAI;

namespace BujjiCoder.Workspaces.Semantic.Embeddings;

public static class EmbeddingServiceExtensions
{
    /// <summary>
    /// The embedding generator semantic search and its indexer use (<c>Retrieval:Embeddings</c>): the local model by default,
    /// or a hosted OpenAI / Azure OpenAI deployment; and the <see cref="EmbeddingModel"/> naming it.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        // Once per host: search and the indexer both need it, and a second generator would load the model a second time.
        if (builder.Services.Any(service => service.ServiceType == typeof(EmbeddingModel)))
        {
            return builder;
        }

        builder.Services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => Describe(services.GetRequiredService<IOptions<EmbeddingOptions>>().Value));
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(services =>
        {
            var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return options.Provider switch
            {
                EmbeddingProvider.Local => new MiniLmEmbeddingGenerator(services.GetRequiredService<IOptions<EmbeddingOptions>>()),
                EmbeddingProvider.OpenAI => OpenAI(options),
                EmbeddingProvider.AzureOpenAI => AzureOpenAI(options),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown embedding provider."),
            };
        });
        return builder;
    }

    /// <summary>The stored name of a set-up's vectors: provider, model and length, since any of them changes the vectors.</summary>
    internal static EmbeddingModel Describe(EmbeddingOptions options) => options.Provider == EmbeddingProvider.Local
        ? new EmbeddingModel($"local/{MiniLmEmbeddingGenerator.ModelName}", MiniLmEmbeddingGenerator.Dimensions)
        : new EmbeddingModel($"{options.Provider.ToString().ToLowerInvariant()}/{options.Model}/{options.Dimensions}", options.Dimensions!.Value);

    private static IEmbeddingGenerator<string, Embedding<float>> OpenAI(EmbeddingOptions options)
    {
        var clientOptions = new OpenAIClientOptions();
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        return new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions).GetEmbeddingClient(options.Model).AsIEmbeddingGenerator(options.Dimensions);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> AzureOpenAI(EmbeddingOptions options) =>
        new AzureOpenAIClient(options.Endpoint!, new ApiKeyCredential(options.ApiKey!)).GetEmbeddingClient(options.Model).AsIEmbeddingGenerator(options.Dimensions);
}
