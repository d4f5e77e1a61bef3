using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Testing;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// A hosted embedding deployment in place of the local model, by configuration alone (<c>Retrieval:Embeddings</c>): the real
/// OpenAI and Azure OpenAI SDKs talk to a stand-in on loopback, the indexer stores its vectors under its own model id, and
/// search by meaning answers with them.
/// </summary>
public sealed class HostedEmbeddingModelTests(TestInfrastructure infrastructure)
{
    private const string ApiKey = "sk-hosted-embeddings-test-0000";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task A_hosted_model_named_in_configuration_embeds_the_index_and_answers_search_by_meaning(string provider)
    {
        await using var embeddings = await FakeEmbeddingServer.StartAsync();
        var endpoint = provider == "OpenAI" ? new Uri(embeddings.BaseUrl, "v1") : embeddings.BaseUrl;
        await using var host = await SemanticSearchHost.On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure)))
            .With("Retrieval:Embeddings:Provider", provider)
            .With("Retrieval:Embeddings:Endpoint", endpoint.ToString())
            .With("Retrieval:Embeddings:Model", "code-embedder")
            .With("Retrieval:Embeddings:Dimensions", "48")
            .With("Retrieval:Embeddings:ApiKey", ApiKey)
            .BuildApiAsync();
        var mark = Guid.NewGuid().ToString("N");
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(),
            ("src/Billing/Invoices.cs", $"// {mark}\npublic static class Invoices\n{{\n    public static decimal TaxOnInvoiceTotal(decimal total) => total * 0.2m;\n}}\n"),
            ("web/headers.js", $"// {mark}\nexport function parseHeaders(raw) {{\n  return raw.split(':');\n}}\n"));

        await SemanticIndexing.IndexAsync(host.Factory.Services);
        var hits = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=tax+on+an+invoice+total&mode=semantic")).GetProperty("hits");
        var retrieval = (await user.GetJsonAsync("/api/v1/info")).GetProperty("retrieval");

        var modelId = $"{provider.ToLowerInvariant()}/code-embedder/48";
        Assert.Equal(modelId, retrieval.GetProperty("embeddingModel").GetString());
        Assert.Equal("src/Billing/Invoices.cs", hits[0].GetProperty("path").GetString());
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var vectors = await (from chunk in db.CodeChunks
                                 join file in db.WorkspaceFiles on chunk.BlobHash equals file.Hash
                                 where file.WorkspaceId == Guid.Parse(ws)
                                 select new { chunk.Model, Bytes = chunk.Vector.Length }).ToListAsync(Cancellation);
            Assert.NotEmpty(vectors);
            Assert.All(vectors, v => Assert.Equal((modelId, 48 * sizeof(float)), (v.Model, v.Bytes)));
        }

        // The SDKs' own requests: the right route, model or deployment, length and key.
        var calls = embeddings.Calls;
        Assert.NotEmpty(calls);
        Assert.All(calls, call =>
        {
            Assert.Equal(48, call.Dimensions);
            if (provider == "OpenAI")
            {
                Assert.Equal(("/v1/embeddings", "code-embedder", $"Bearer {ApiKey}"), (call.Path, call.Model, call.Authorization));
            }
            else
            {
                Assert.Equal(("/openai/deployments/code-embedder/embeddings", ApiKey), (call.Path, call.ApiKey));
            }
        });
    }
}
