using System.Reflection;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.ServiceDefaults.ErrorTracking;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Api.Info;

internal static class InfoEndpoints
{
    private static readonly string Version =
        typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RouteGroupBuilder MapInfoEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/info", GetInfoAsync)
            .WithName("GetInfo")
            .WithTags("Info")
            .WithSummary("What this server is: version, runtime mode, registration mode, LLM providers, feature flags and code retrieval.")
            .AllowAnonymous();
        return api;
    }

    private static async Task<InfoResponse> GetInfoAsync(
        RuntimeInfrastructure infrastructure,
        IOptions<AuthOptions> auth,
        IConfiguration configuration,
        IHostEnvironment environment,
        IFeatureManager featureManager,
        EmbeddingModel embeddingModel,
        IOptions<VectorSearchOptions> vectorSearch)
    {
        var features = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        await foreach (var feature in featureManager.GetFeatureNamesAsync())
        {
            features[System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(feature)] = await featureManager.IsEnabledAsync(feature);
        }

        return new InfoResponse(
            Name: "Bujji Coder",
            Version: Version,
            Environment: environment.EnvironmentName,
            Mode: infrastructure.Mode,
            Database: infrastructure.Database,
            Cache: infrastructure.Cache,
            RegistrationMode: await featureManager.IsEnabledAsync(FeatureFlags.Registration) ? auth.Value.RegistrationMode : RegistrationMode.Closed,
            Providers: ConfiguredProviders(configuration),
            Features: features,
            Retrieval: new RetrievalInfo(
                await featureManager.IsEnabledAsync(FeatureFlags.SemanticSearch), embeddingModel.Id, vectorSearch.Value.StoreName),
            SentryDsn: configuration[ErrorTrackingExtensions.WebDsnKey] is { Length: > 0 } dsn ? dsn : null);
    }

    /// <summary>Names of the LLM providers with a section under <c>Llm:Providers</c>; never their keys.</summary>
    private static string[] ConfiguredProviders(IConfiguration configuration) =>
        [.. configuration.GetSection("Llm:Providers").GetChildren().Select(provider => provider.Key).Order(StringComparer.Ordinal)];
}

/// <summary>The body of <c>GET /api/v1/info</c>.</summary>
internal sealed record InfoResponse(
    string Name,
    string Version,
    string Environment,
    string Mode,
    string Database,
    string Cache,
    RegistrationMode RegistrationMode,
    string[] Providers,
    IReadOnlyDictionary<string, bool> Features,
    RetrievalInfo Retrieval,
    // The DSN the web app reports its errors to (Sentry:WebDsn), or null: read at run time so one web build serves every
    // environment. A browser DSN is public by design (docs/SECURITY.md).
    string? SentryDsn);

/// <summary>How code is retrieved: by meaning too (the SemanticSearch flag), with which embedding model and vector store.</summary>
internal sealed record RetrievalInfo(bool SemanticSearch, string EmbeddingModel, string VectorStore);
