using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Workspaces;

namespace BujjiCoder.IntegrationTests.Completion;

/// <summary>A small workspace and the fast-path checks that must hold on every database.</summary>
internal static class CompletionScenarios
{
    public const string App = "function invoiceBanner() {}\nlet invoiceCount = 0;\ninvoiceCount += 1;\ninvoiceCount += 2;\nconsole.log(Inv);\n";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static Task<(WorkspaceClient User, string Ws)> WorkspaceAsync(HttpClient http) =>
        WorkspaceClient.WithWorkspaceAsync(http,
            ("src/InvoiceService.cs", "namespace Shop;\n\npublic sealed class InvoiceService\n{\n}\n"),
            ("billing/totals.py", "def invoice_total(lines):\n    return sum(lines)\n"),
            ("web/app.ts", App));

    public static async Task<List<(string Text, string Kind, double Score)>> CompleteAsync(WorkspaceClient user, string ws, object body)
    {
        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/completion", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return [.. json.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("text").GetString()!, i.GetProperty("kind").GetString()!, i.GetProperty("score").GetDouble()))];
    }

    /// <summary>
    /// Exact case beats any case-insensitive match; within a tier a definition in the edited file beats one elsewhere,
    /// which beats a name only seen in the buffer. The unsaved buffer is what is read when it is given.
    /// </summary>
    public static async Task PrefixesRankByCaseThenDefinitionThenBufferAsync(HttpClient http)
    {
        var (user, ws) = await WorkspaceAsync(http);

        var upper = await CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 16, llm = false });
        var lower = await CompleteAsync(user, ws, new { path = "web/app.ts", content = App.Replace("(Inv)", "(inv)", StringComparison.Ordinal), line = 5, column = 16, llm = false });
        var underscore = await CompleteAsync(user, ws, new { path = "web/app.ts", content = "invoice_", line = 1, column = 9, llm = false });
        var empty = await CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 13, llm = false });

        Assert.Equal(
            [("InvoiceService", "class"), ("invoiceBanner", "function"), ("invoice_total", "function"), ("invoiceCount", "identifier")],
            upper.Select(i => (i.Text, i.Kind)));
        Assert.Equal(upper.Select(i => i.Score).OrderDescending(), upper.Select(i => i.Score));
        Assert.Equal(["invoiceBanner", "invoice_total", "invoiceCount", "InvoiceService"], lower.Select(i => i.Text));
        Assert.Equal([("invoice_total", "function")], underscore.Select(i => (i.Text, i.Kind)));
        Assert.Empty(empty);
    }

    public static async Task UnsavedContentIsUsedInsteadOfTheStoredFileAsync(HttpClient http)
    {
        var (user, ws) = await WorkspaceAsync(http);

        var items = await CompleteAsync(user, ws, new { path = "web/app.ts", content = "const invoiceAmount = 1;\r\nconst y = invoiceA", line = 2, column = 19, llm = false });
        var unsavedFile = await CompleteAsync(user, ws, new { path = "web/new.ts", content = "invoiceAmount + invoiceA", line = 1, column = 25, llm = false, limit = 1 });

        Assert.Equal([("invoiceAmount", "identifier")], items.Select(i => (i.Text, i.Kind)));
        Assert.Equal(["invoiceAmount"], unsavedFile.Select(i => i.Text));
    }
}
