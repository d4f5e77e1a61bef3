using System.Net;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>Full-text and symbol search over the index kept by every change; runs on PostgreSQL and on SQLite.</summary>
public abstract class SearchTests(WorkspaceHost host)
{
    private const string Service = """
        using System;

        namespace Shop.Billing;

        public sealed class InvoiceService
        {
            public decimal TotalFor(Invoice invoice)
            {
                // sums the invoice lines
                return invoice.Lines.Sum(l => l.Amount);
            }
        }
        """;

    private const string Caller = """
        import { InvoiceService } from "./billing";

        const service = new InvoiceService();
        export function printTotal(invoice) {
          console.log(service.TotalFor(invoice));
        }
        """;

    [Fact]
    public async Task Text_search_finds_exact_lines_and_ranks_whole_phrases_first()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/InvoiceService.cs", Service), ("web/print.js", Caller), ("notes.md", "lines of an invoice are summed\n"));

        var hits = await SearchAsync(user, ws, "invoice lines");

        Assert.Equal(("src/InvoiceService.cs", 9, "// sums the invoice lines"), Top(hits));
        Assert.Contains(hits, h => h.Path == "notes.md" && h.Line == 1);
        Assert.DoesNotContain(hits, h => h.Path == "web/print.js");

        // No file has it as a word, so the substring index answers: part of an identifier is enough.
        var partial = await SearchAsync(user, ws, "voiceServ");
        Assert.Equal(["src/InvoiceService.cs:5", "web/print.js:1", "web/print.js:3"], partial.Select(h => $"{h.Path}:{h.Line}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Symbol_search_ranks_the_definition_above_its_uses()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/InvoiceService.cs", Service), ("web/print.js", Caller),
            ("web/more.js", "new InvoiceService();\nnew InvoiceService();\nInvoiceService.x = 1;\n"));

        var hits = await SearchAsync(user, ws, "InvoiceService", "symbol");

        Assert.Equal(("src/InvoiceService.cs", 5, "public sealed class InvoiceService"), Top(hits));
        Assert.Equal("class", hits[0].Kind);
        Assert.Contains(hits.Skip(1), h => h.Path == "web/print.js");
        Assert.True(hits[0].Score > hits[1].Score);

        var functions = await SearchAsync(user, ws, "printTotal", "symbol");
        Assert.Equal(("web/print.js", 4, "export function printTotal(invoice) {"), Top(functions));
    }

    [Fact]
    public async Task The_index_follows_every_change()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.py", "def alpha():\n    return 1\n"));
        Assert.Single(await SearchAsync(user, ws, "alpha", "symbol"));

        using var edit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = "a.py", oldString = "alpha", newString = "omega" });
        Assert.Empty(await SearchAsync(user, ws, "alpha"));
        Assert.Equal(("a.py", 1, "def omega():"), Top(await SearchAsync(user, ws, "omega", "symbol")));

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/a.py");
        Assert.Empty(await SearchAsync(user, ws, "omega"));
    }

    [Fact]
    public async Task Other_workspaces_and_binary_files_are_not_searched()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "needle in mine\n"));
        var other = await user.CreateWorkspaceAsync("other");
        await user.WriteAsync(other, "b.txt", "needle in other\n");
        using var binary = await user.PutFileAsync(ws, "blob.bin", [.. "needle"u8, 0, 1, 2]);

        var hits = await SearchAsync(user, ws, "needle");

        Assert.Equal(("a.txt", 1, "needle in mine"), Top(hits));
        Assert.Single(hits);
    }

    [Fact]
    public async Task Semantic_search_and_bad_queries_are_400()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "x\n"));
        foreach (var query in new[] { "q=x&mode=semantic", "q=", "q=x&mode=fuzzy", "q=x&limit=0", "q=x&limit=201", "q=a%00b" })
        {
            using var response = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
        }
    }


    private static async Task<List<Hit>> SearchAsync(WorkspaceClient user, string ws, string q, string mode = "text")
    {
        var body = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q={Uri.EscapeDataString(q)}&mode={mode}");
        return [.. body.GetProperty("hits").EnumerateArray().Select(h => new Hit(
            h.GetProperty("path").GetString()!, h.GetProperty("line").GetInt32(), h.GetProperty("snippet").GetString()!, h.GetProperty("score").GetDouble(),
            h.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString() : null))];
    }

    private static (string, int, string) Top(List<Hit> hits)
    {
        Assert.NotEmpty(hits);
        return (hits[0].Path, hits[0].Line, hits[0].Snippet);
    }

    private sealed record Hit(string Path, int Line, string Snippet, double Score, string? Kind);
}

public sealed class PostgresSearchTests(PostgresWorkspaceHost host) : SearchTests(host), IClassFixture<PostgresWorkspaceHost>;

public sealed class SqliteSearchTests(SqliteWorkspaceHost host) : SearchTests(host), IClassFixture<SqliteWorkspaceHost>;
