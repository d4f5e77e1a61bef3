using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// The embedding model failing (a hosted deployment that is down stands for any failure): search by meaning says so with a
/// 503 the caller can retry, and hybrid search answers with its words, as chat's retrieval does, instead of a 500.
/// </summary>
public sealed class EmbeddingModelFailureTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_embedding_model_failing_semantic_search_is_a_503_to_retry_and_hybrid_search_answers_with_the_text_hits()
    {
        var logs = new LogRecorder();
        await using var host = await SemanticSearchHost.On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure))).WithServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IEmbeddingGenerator<string, Embedding<float>>>(new UnreachableEmbeddings()));
            services.AddSingleton<ILoggerProvider>(logs);
        }).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(),
            ("src/Text/Slugs.cs", SemanticSearchTests.Slugs), ("tools/dates.py", SemanticSearchTests.Dates));

        using var semantic = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=Slugify+title&mode=semantic");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, semantic.StatusCode);
        Assert.Equal("application/problem+json", semantic.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), semantic.Headers.RetryAfter?.Delta);
        var problem = await semantic.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("https://bujjicoder.dev/problems/embedding-model-unavailable", problem.GetProperty("type").GetString());
        Assert.Single(logs.Lines, line => line.Contains("The embedding model failed; search by meaning is answered 503", StringComparison.Ordinal));

        var text = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=Slugify+title&mode=text");
        var hybrid = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=Slugify+title&mode=hybrid");

        Assert.Equal("hybrid", hybrid.GetProperty("mode").GetString());
        Assert.NotEmpty(PathsAndLines(text));
        Assert.Equal(PathsAndLines(text), PathsAndLines(hybrid));
        Assert.Single(logs.Lines, line => line.Contains("The embedding model failed; hybrid search is answered by its words only", StringComparison.Ordinal));
    }

    private static HashSet<(string Path, int Line)> PathsAndLines(JsonElement body) =>
        [.. body.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("path").GetString()!, h.GetProperty("line").GetInt32()))];

    /// <summary>A hosted embedding deployment that cannot be reached.</summary>
    private sealed class UnreachableEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("No connection could be made to the embedding deployment.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
