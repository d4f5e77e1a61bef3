using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Testing;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// The pgvector store (<c>Retrieval:VectorStore=Pgvector</c>) against the exact in-process store on the same database.
/// pgvector is not packaged for Debian 12: these run where the extension has been built into the tests' PostgreSQL
/// (docs/CONFIGURATION.md says how) and are skipped, saying so, where it has not; the refusal on SQLite runs everywhere.
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
    public async Task An_embedded_server_asked_for_pgvector_refuses_to_start_and_says_why()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await SemanticSearchHost.On(TestHost.Sqlite()).With("Retrieval:VectorStore", "Pgvector").BuildApiAsync();
            using var client = host.Factory.CreateClient();
        });

        Assert.Contains("Retrieval:VectorStore is Pgvector, which needs PostgreSQL", Flatten(failure), StringComparison.Ordinal);
    }

    private TestHost PgvectorHost() => SemanticSearchHost.On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure))).With("Retrieval:VectorStore", "Pgvector");

    private static async Task<IReadOnlyList<ScoredChunk>> ExactAsync(ApiHost host, Guid ws, string question)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var query = await services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
            .GenerateVectorAsync(question, cancellationToken: Cancellation);
        var exact = new ExactVectorStore(services.GetRequiredService<BujjiDbContext>(),
            new BlobVectorCache(Options.Create(new VectorSearchOptions())), services.GetRequiredService<EmbeddingModel>());
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

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate ? string.Join(" ", aggregate.InnerExceptions.Select(Flatten)) : exception + " " + (exception.InnerException is { } inner ? Flatten(inner) : "");
}
