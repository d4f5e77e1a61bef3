using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Workspaces.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// Search by meaning and hybrid search with the SemanticSearch flag on, over the real local embedding model and the real
/// indexer's chunks; runs on PostgreSQL and on SQLite.
/// </summary>
public abstract class SemanticSearchTests(SemanticSearchHost host)
{
    internal const string Payments = """
        namespace Shop.Payments;

        public sealed class PaymentProcessor(IPaymentGateway gateway)
        {
            public async Task<Receipt> CapturePayment(Order order)
            {
                var authorization = await gateway.Authorize(order.PaymentMethod, order.Total);
                return await gateway.Capture(authorization);
            }
        }
        """;

    internal const string Headers = """
        export function parseHeaders(raw) {
          return raw.split("\n").map(line => line.split(":"));
        }
        """;

    internal const string Slugs = """
        namespace Shop.Text;

        public static class Slugs
        {
            public static string Slugify(string title) => Regex.Replace(title.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        }
        """;

    internal const string Dates = "def format_date(day):\n    return day.strftime(\"%Y-%m-%d\")\n";

    private const string ChargeQuestion = "where is the card charged";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Semantic_mode_finds_by_meaning_the_file_that_text_mode_misses()
    {
        var (user, ws) = await ShopAsync();
        await host.IndexAsync();

        var byWords = await SearchAsync(user, ws, ChargeQuestion, "text");
        var byMeaning = await SearchAsync(user, ws, ChargeQuestion, "semantic");

        Assert.DoesNotContain(byWords, h => h.Path == "src/Payments/PaymentProcessor.cs");
        Assert.Equal("src/Payments/PaymentProcessor.cs", byMeaning[0].Path);
        var lines = Payments.Split('\n');
        Assert.InRange(byMeaning[0].Line, 1, lines.Length);
        Assert.Contains(byMeaning[0].Snippet, lines.Select(l => l.Trim()));
        Assert.NotEqual(string.Empty, byMeaning[0].Snippet);
        Assert.InRange(byMeaning[0].Score, 0.0, 1.0);
        Assert.Equal(Math.Round(byMeaning[0].Score, 4), byMeaning[0].Score);
        Assert.True(byMeaning.Zip(byMeaning.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), "semantic hits are nearest first");
        // The chunker starts chunks at definitions (this file has no comments above them): the hit names the one on its first line.
        Assert.NotNull(byMeaning[0].Kind);
        Assert.Contains(byMeaning[0].Symbol!, byMeaning[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hit_on_a_documented_definition_shows_the_definitions_line_not_the_comment_its_chunk_starts_with()
    {
        const string Refunds = """
            namespace Shop.Payments;

            public static class Refunds
            {
                /// <summary>
                /// Gives the customer their money back for a returned order.
                /// </summary>
                public static Task RefundOrder(Order order) => order.Gateway.Refund(order.Total);
            }
            """;
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/Refunds.cs", Refunds + $"// {Guid.NewGuid():N}\n"));
        await host.IndexAsync();

        var hit = (await SearchAsync(user, ws, "give the customer their money back", "semantic")).First(h => h.Symbol == "RefundOrder");

        Assert.Equal(8, hit.Line);
        Assert.StartsWith("public static Task RefundOrder(Order order)", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hybrid_mode_returns_the_files_words_find_and_the_files_only_meaning_finds()
    {
        var (user, ws) = await ShopAsync();
        await host.IndexAsync();

        var byWords = await SearchAsync(user, ws, "Slugify title", "text");
        var hybrid = await SearchAsync(user, ws, "Slugify title", "hybrid");

        Assert.Equal(["src/Text/Slugs.cs"], byWords.Select(h => h.Path).Distinct());
        // Found by both, so fused first; then files only the semantic list holds.
        Assert.Equal("src/Text/Slugs.cs", hybrid[0].Path);
        Assert.Contains(hybrid, h => h.Path == "src/Text/Slugs.cs" && h.Line == byWords[0].Line && h.Snippet == byWords[0].Snippet);
        Assert.Contains(hybrid, h => h.Path == "src/Payments/PaymentProcessor.cs");
        Assert.True(hybrid[0].Score > hybrid.Where(h => h.Path != "src/Text/Slugs.cs").Max(h => h.Score));
        // First in both lists: the fused score of two first places.
        Assert.Equal(Math.Round((1 + HybridFusion.MeaningWeight) / (ReciprocalRankFusion.K + 1), 6), hybrid[0].Score);
    }

    [Fact]
    public async Task A_deleted_file_leaves_semantic_results_at_once()
    {
        var (user, ws) = await ShopAsync();
        await host.IndexAsync();
        Assert.Equal("src/Payments/PaymentProcessor.cs", (await SearchAsync(user, ws, ChargeQuestion, "semantic"))[0].Path);

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/Payments/PaymentProcessor.cs");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.DoesNotContain(await SearchAsync(user, ws, ChargeQuestion, "semantic"), h => h.Path == "src/Payments/PaymentProcessor.cs");
        Assert.DoesNotContain(await SearchAsync(user, ws, ChargeQuestion, "hybrid"), h => h.Path == "src/Payments/PaymentProcessor.cs");
    }

    [Fact]
    public async Task An_edited_files_old_content_is_never_returned_and_its_new_content_is_once_indexed()
    {
        const string Moved = "namespace Shop.Payments;\n\n// Receipts are printed by the billing service now.\npublic static class ReceiptPrinter { }\n";
        var (user, ws) = await ShopAsync();
        await host.IndexAsync();
        Assert.Equal("src/Payments/PaymentProcessor.cs", (await SearchAsync(user, ws, ChargeQuestion, "semantic"))[0].Path);

        await user.WriteAsync(ws, "src/Payments/PaymentProcessor.cs", Moved);

        // Pending: the new blob is not embedded yet and the old one is no longer the file's.
        Assert.DoesNotContain(await SearchAsync(user, ws, ChargeQuestion, "semantic"), h => h.Path == "src/Payments/PaymentProcessor.cs");
        Assert.Equal(1, (await IndexStateAsync(user, ws)).GetProperty("pendingFiles").GetInt32());

        await host.IndexAsync();
        var hits = (await SearchAsync(user, ws, "receipt printer", "semantic")).Where(h => h.Path == "src/Payments/PaymentProcessor.cs").ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Contains(h.Snippet, Moved.Split('\n').Select(l => l.Trim())));
    }

    [Fact]
    public async Task A_blobs_vectors_are_read_from_the_database_once_and_then_served_from_memory()
    {
        var (user, ws) = await ShopAsync(unique: true);
        await host.IndexAsync();
        Assert.Equal("src/Payments/PaymentProcessor.cs", (await SearchAsync(user, ws, ChargeQuestion, "semantic"))[0].Path);

        // The stored chunks go; the embedded_blobs rows stay, so the files still count as indexed. Only the cache has the vectors now.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var hashes = db.WorkspaceFiles.Where(f => f.WorkspaceId == Guid.Parse(ws)).Select(f => f.Hash);
            Assert.True(await db.CodeChunks.Where(c => hashes.Contains(c.BlobHash)).ExecuteDeleteAsync(Cancellation) >= 4);
        }

        Assert.Equal("src/Payments/PaymentProcessor.cs", (await SearchAsync(user, ws, ChargeQuestion, "semantic"))[0].Path);
    }

    [Fact]
    public async Task The_index_state_counts_text_files_pending_before_indexing_and_none_after()
    {
        var (user, ws) = await ShopAsync(unique: true);
        using (var binary = await user.PutFileAsync(ws, "logo.png", [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]))
        {
            Assert.True(binary.IsSuccessStatusCode);
        }

        var before = await IndexStateAsync(user, ws);
        Assert.True(before.GetProperty("enabled").GetBoolean());
        Assert.Equal(SemanticSearchHost.ModelId, before.GetProperty("model").GetString());
        Assert.Equal("exact", before.GetProperty("vectorStore").GetString());
        Assert.Equal((4, 0, 4, 0L), Counts(before));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastIndexedAt").ValueKind);

        await host.IndexAsync();

        var after = await IndexStateAsync(user, ws);
        var (files, indexed, pending, chunks) = Counts(after);
        Assert.Equal((4, 4, 0), (files, indexed, pending));
        Assert.True(chunks >= 4, $"{chunks} chunks for 4 files");
        Assert.InRange(after.GetProperty("lastIndexedAt").GetDateTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/tools/dates.py");
        var (filesLeft, indexedLeft, _, chunksLeft) = Counts(await IndexStateAsync(user, ws));
        Assert.Equal((3, 3), (filesLeft, indexedLeft));
        Assert.True(chunksLeft < chunks);
    }

    [Fact]
    public async Task A_viewer_searches_by_meaning_and_reads_the_index_state_and_a_stranger_gets_404_as_from_text_search()
    {
        var http = host.Factory.CreateClient();
        var (owner, ws) = await ShopAsync();
        var viewer = await WorkspaceClient.SignUpAsync(http);
        var stranger = await WorkspaceClient.SignUpAsync(http);
        await owner.AddMemberAsync(ws, viewer.UserId, "Viewer");
        await host.IndexAsync();

        Assert.Equal("src/Payments/PaymentProcessor.cs", (await SearchAsync(viewer, ws, ChargeQuestion, "semantic"))[0].Path);
        Assert.Equal(0, (await IndexStateAsync(viewer, ws)).GetProperty("pendingFiles").GetInt32());

        foreach (var path in new[] { "search?q=card&mode=text", "search?q=card&mode=semantic", "search?q=card&mode=hybrid", "search/index" })
        {
            using var response = await stranger.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_workspace_sharing_a_blob_with_a_strangers_workspace_gets_none_of_the_strangers_paths_hits_or_counts()
    {
        await AssertWorkspacesSharingABlobSeeOnlyTheirOwnAsync(host.Factory.CreateClient(), host.IndexAsync);
    }

    [Fact]
    public async Task An_unknown_mode_is_a_400_problem_naming_the_modes()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "x\n"));

        using var response = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=x&mode=vector");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Contains("hybrid", problem.GetProperty("errors").GetProperty("mode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_reports_semantic_search_on_with_the_local_model_and_the_exact_store()
    {
        var retrieval = (await host.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/info", Cancellation)).GetProperty("retrieval");

        Assert.True(retrieval.GetProperty("semanticSearch").GetBoolean());
        Assert.Equal(SemanticSearchHost.ModelId, retrieval.GetProperty("embeddingModel").GetString());
        Assert.Equal("exact", retrieval.GetProperty("vectorStore").GetString());
    }

    /// <summary>
    /// The attack on the store's workspace filter: A and B (different owners) hold the same blob at different paths, so its
    /// chunks are stored once for both, and A also holds the file that best answers the question, which B lacks. A store that
    /// searched by blob, or forgot the workspace, would hand B A's paths (that file first), and the index state would count
    /// A's files. Each side's semantic, hybrid and index answers must name and count its own files only.
    /// </summary>
    internal static async Task AssertWorkspacesSharingABlobSeeOnlyTheirOwnAsync(HttpClient http, Func<Task> index)
    {
        var mark = $"\n// {Guid.NewGuid():N}\n";
        string[] aPaths = ["src/Payments/PaymentProcessor.cs", "src/Text/Slugs.cs"];
        string[] bPaths = ["lib/strings/Slugify.cs", "tools/dates.py"];
        var a = await WorkspaceClient.WithWorkspaceAsync(http, (aPaths[0], Payments + mark), (aPaths[1], Slugs + mark));
        var b = await WorkspaceClient.WithWorkspaceAsync(http, (bPaths[0], Slugs + mark), (bPaths[1], Dates + mark.Replace("//", "#", StringComparison.Ordinal)));
        await index();

        foreach (var (user, ws, own, other) in new[] { (a.User, a.Ws, aPaths, bPaths), (b.User, b.Ws, bPaths, aPaths) })
        {
            foreach (var mode in new[] { "semantic", "hybrid" })
            {
                foreach (var question in new[] { ChargeQuestion, "Slugify title" })
                {
                    var hits = await SearchAsync(user, ws, question, mode, limit: 200);
                    Assert.NotEmpty(hits);
                    Assert.All(hits, h => Assert.Contains(h.Path, own));
                    Assert.DoesNotContain(hits, h => other.Contains(h.Path));
                }
            }

            // Every chunk of the workspace is within 200 nearest, so the semantic hits are all its chunks, and the index
            // state must count exactly those: its own two files, both indexed.
            var allChunks = await SearchAsync(user, ws, ChargeQuestion, "semantic", limit: 200);
            var state = await IndexStateAsync(user, ws);
            Assert.Equal((2, 2, 0, (long)allChunks.Count), Counts(state));
            Assert.Equal(own.Order(StringComparer.Ordinal), allChunks.Select(h => h.Path).Distinct().Order(StringComparer.Ordinal));
        }

        // The one file A has and B lacks answers A's question first: B's answers above lack it because of the filter, not the model.
        Assert.Equal(aPaths[0], (await SearchAsync(a.User, a.Ws, ChargeQuestion, "semantic"))[0].Path);
    }

    /// <summary>
    /// A workspace of four small files. <paramref name="unique"/> gives them content no other test has: blobs are shared by
    /// content, so the same files in another workspace would already be indexed.
    /// </summary>
    private async Task<(WorkspaceClient User, string Ws)> ShopAsync(bool unique = false)
    {
        var mark = unique ? $"\n// {Guid.NewGuid():N}\n" : string.Empty;
        return await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(),
            ("src/Payments/PaymentProcessor.cs", Payments + mark), ("web/headers.js", Headers + mark), ("src/Text/Slugs.cs", Slugs + mark),
            ("tools/dates.py", Dates + mark.Replace("//", "#", StringComparison.Ordinal)));
    }

    private static async Task<JsonElement> IndexStateAsync(WorkspaceClient user, string ws) => await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search/index");

    private static (int Files, int Indexed, int Pending, long Chunks) Counts(JsonElement state) =>
        (state.GetProperty("files").GetInt32(), state.GetProperty("indexedFiles").GetInt32(), state.GetProperty("pendingFiles").GetInt32(), state.GetProperty("chunks").GetInt64());

    private static async Task<List<Hit>> SearchAsync(WorkspaceClient user, string ws, string q, string mode, int limit = 20)
    {
        var body = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q={Uri.EscapeDataString(q)}&mode={mode}&limit={limit}");
        Assert.Equal(mode, body.GetProperty("mode").GetString());
        return [.. body.GetProperty("hits").EnumerateArray().Select(h => new Hit(
            h.GetProperty("path").GetString()!, h.GetProperty("line").GetInt32(), h.GetProperty("snippet").GetString()!, h.GetProperty("score").GetDouble(),
            h.TryGetProperty("symbol", out var symbol) ? symbol.GetString() : null, h.TryGetProperty("kind", out var kind) ? kind.GetString() : null))];
    }

    private sealed record Hit(string Path, int Line, string Snippet, double Score, string? Symbol = null, string? Kind = null);
}

public sealed class PostgresSemanticSearchTests(PostgresSemanticSearchHost host) : SemanticSearchTests(host), IClassFixture<PostgresSemanticSearchHost>;

public sealed class SqliteSemanticSearchTests(SqliteSemanticSearchHost host) : SemanticSearchTests(host), IClassFixture<SqliteSemanticSearchHost>;

/// <summary>With the SemanticSearch flag off: semantic and hybrid search are refused, and the index is reported off.</summary>
public sealed class SemanticSearchOffTests(SemanticSearchOffHost host) : IClassFixture<SemanticSearchOffHost>
{
    [Fact]
    public async Task Semantic_and_hybrid_modes_are_400_semantic_search_unavailable_while_text_search_works()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "card charged\n"));

        foreach (var mode in new[] { "semantic", "hybrid" })
        {
            using var response = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=card&mode={mode}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.EndsWith("/semantic-search-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        var text = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=card&mode=text");
        Assert.Equal("a.txt", text.GetProperty("hits")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Info_and_the_index_state_report_semantic_search_off()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "x\n"));

        var retrieval = (await user.GetJsonAsync("/api/v1/info")).GetProperty("retrieval");
        var index = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search/index");

        Assert.False(retrieval.GetProperty("semanticSearch").GetBoolean());
        Assert.Equal(SemanticSearchHost.ModelId, retrieval.GetProperty("embeddingModel").GetString());
        Assert.Equal("exact", retrieval.GetProperty("vectorStore").GetString());
        Assert.False(index.GetProperty("enabled").GetBoolean());
        Assert.Equal((1, 1), (index.GetProperty("files").GetInt32(), index.GetProperty("pendingFiles").GetInt32()));
    }
}
