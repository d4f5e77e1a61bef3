using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Testing;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// The pgvector store (<c>Retrieval:VectorStore=Pgvector</c>) against the exact in-process store on the same database.
/// pgvector is not packaged for Debian 12: these run where the extension has been built into the tests' PostgreSQL
/// (docs/CONFIGURATION.md, <c>Retrieval:VectorStore</c>, says how) and are skipped, saying so, where it has not; the refusal on
/// SQLite runs everywhere.
/// </summary>
public sealed class PgvectorSearchTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pgvector_store_finds_the_same_chunks_in_the_same_order_as_the_exact_store()
    {
        await SkipUnlessPgvectorAsync();
        await using var host = await PgvectorHost().BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(),
            ("src/Payments/PaymentProcessor.cs", SemanticSearchTests.Payments + Unique()), ("web/headers.js", SemanticSearchTests.Headers + Unique()),
            ("src/Text/Slugs.cs", SemanticSearchTests.Slugs + Unique()), ("tools/dates.py", SemanticSearchTests.Dates + "# " + Unique()));
        await SemanticIndexing.IndexAsync(host.Factory.Services);

        foreach (var question in new[] { "where is the card charged", "turn a title into a url", "split raw http headers", "print a day" })
        {
            var viaApi = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q={Uri.EscapeDataString(question)}&mode=semantic");
            var exact = await ExactAsync(host, Guid.Parse(ws), question);

            var hits = viaApi.GetProperty("hits").EnumerateArray().ToList();
            Assert.Equal(exact.Select(m => (m.Path, m.StartLine)), hits.Select(h => (h.GetProperty("path").GetString()!, h.GetProperty("line").GetInt32())));
            Assert.Equal(exact.Select(m => Math.Round(m.Score, 4)), hits.Select(h => h.GetProperty("score").GetDouble()));
        }

        Assert.Equal("pgvector", (await user.GetJsonAsync("/api/v1/info")).GetProperty("retrieval").GetProperty("vectorStore").GetString());
    }

    [Fact]
    public async Task A_deleted_file_is_gone_from_the_pgvector_stores_answers_at_once()
    {
        await SkipUnlessPgvectorAsync();
        await using var host = await PgvectorHost().BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(),
            ("src/Payments/PaymentProcessor.cs", SemanticSearchTests.Payments + Unique()), ("web/headers.js", SemanticSearchTests.Headers + Unique()));
        await SemanticIndexing.IndexAsync(host.Factory.Services);
        var before = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=charge+the+card&mode=semantic");

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/Payments/PaymentProcessor.cs");
        deleted.EnsureSuccessStatusCode();
        var after = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=charge+the+card&mode=semantic");

        Assert.Equal("src/Payments/PaymentProcessor.cs", before.GetProperty("hits")[0].GetProperty("path").GetString());
        Assert.All(after.GetProperty("hits").EnumerateArray(), h => Assert.Equal("web/headers.js", h.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task A_workspace_sharing_a_blob_with_a_strangers_workspace_gets_none_of_the_strangers_paths_hits_or_counts_from_pgvector()
    {
        await SkipUnlessPgvectorAsync();
        await using var host = await PgvectorHost().BuildApiAsync();

        await SemanticSearchTests.AssertWorkspacesSharingABlobSeeOnlyTheirOwnAsync(host.Factory.CreateClient(), () => SemanticIndexing.IndexAsync(host.Factory.Services));
    }

    [Fact]
    public async Task An_embedded_server_asked_for_pgvector_stops_at_start_with_one_line_naming_the_setting()
    {
        using var directory = TemporaryDirectory.Create("bujji-pgvector");
        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort()}",
            ["Database__DataDirectory"] = directory.Path,
            ["Retrieval__VectorStore"] = "Pgvector",
        });

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(
            "Configuration error: Retrieval:VectorStore is Pgvector, which needs PostgreSQL with the pgvector extension; this server runs on SQLite. Use Exact.",
            Assert.Single(api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    private TestHost PgvectorHost() => SemanticSearchHost.On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure))).With("Retrieval:VectorStore", "Pgvector");

    private static async Task<IReadOnlyList<ScoredChunk>> ExactAsync(ApiHost host, Guid ws, string question)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var query = await services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
            .GenerateVectorAsync(question, cancellationToken: Cancellation);
        var exact = new ExactVectorStore(services.GetRequiredService<BujjiDbContext>(),
            new BlobVectorCache(Options.Create(new VectorSearchOptions())), services.GetRequiredService<EmbeddingModel>(), NullLogger<ExactVectorStore>.Instance);
        return await exact.SearchAsync(ws, query, 20, Cancellation);
    }

    private async Task SkipUnlessPgvectorAsync()
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres.ConnectionString("postgres"));
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'", connection);
        Assert.SkipWhen((long)(await command.ExecuteScalarAsync(Cancellation))! == 0,
            "pgvector is not installed in this PostgreSQL (Debian 12 does not package it); the exact store is the tested path here.");
    }

    private static string Unique() => $"\n// {Guid.NewGuid():N}\n";
}
