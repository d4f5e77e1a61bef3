using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>
/// The procedures of docs/RUNBOOK.md as an operator runs them: a documented line must be in the runbook word for word, and the
/// test runs those words (placeholders such as <c>&lt;email&gt;</c> filled in) — so the runbook cannot drift from what works.
/// </summary>
internal static partial class Runbook
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task AssertDocumentsAsync(string documented) =>
        Assert.Contains(documented, await File.ReadAllTextAsync(Path.Combine(SolutionPaths.Root, "docs", "RUNBOOK.md"), Cancellation), StringComparison.Ordinal);

    /// <summary>
    /// Runs <paramref name="documented"/> (<c>dotnet BujjiCoder.Api.dll …</c>) in the Api's directory as a process of its own, configured
    /// as in production through the environment, until it exits.
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunApiCommandAsync(
        string documented, TestInfrastructure infrastructure, string database, IReadOnlyDictionary<string, string>? placeholders = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = database,
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return RunApiCommandAsync(documented, variables, placeholders);
    }

    /// <summary>The same, in embedded mode: the SQLite database in <paramref name="dataDirectory"/>.</summary>
    public static Task<(int ExitCode, string Output)> RunEmbeddedApiCommandAsync(string documented, string dataDirectory) =>
        RunApiCommandAsync(documented, new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Testing", ["Database__DataDirectory"] = dataDirectory }, null);

    private static async Task<(int ExitCode, string Output)> RunApiCommandAsync(
        string documented, Dictionary<string, string?> variables, IReadOnlyDictionary<string, string>? placeholders)
    {
        await AssertDocumentsAsync(documented);
        var words = documented.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dotnet", "BujjiCoder.Api.dll"], words[..2]);
        var arguments = words[2..].Select(word => (placeholders ?? new Dictionary<string, string>()).GetValueOrDefault(word, word)).ToArray();
        variables["Auth__Jwt__SigningKey"] = ServiceFactory<Program>.TestSigningKey;
        await using var process = ServerProcess.StartProject("BujjiCoder.Api", arguments, variables);
        return (await process.WaitForExitAsync(TimeSpan.FromSeconds(90)), process.Output);
    }

    /// <summary>
    /// The HTTP request of a documented <c>curl</c> line (<c>curl -X METHOD "$BUJJI_URL/path" -H "…" -d '…'</c>), with
    /// <c>$ADMIN_TOKEN</c> as the bearer and placeholders filled in, for the test host's client.
    /// </summary>
    public static async Task<HttpRequestMessage> CurlRequestAsync(string documented, string adminToken, IReadOnlyDictionary<string, string> placeholders)
    {
        await AssertDocumentsAsync(documented);
        foreach (var (placeholder, value) in placeholders)
        {
            documented = documented.Replace(placeholder, value, StringComparison.Ordinal);
        }

        var method = MethodPattern().Match(documented) is { Success: true } m ? new HttpMethod(m.Groups[1].Value) : HttpMethod.Get;
        var url = UrlPattern().Match(documented);
        Assert.True(url.Success, $"no \"$BUJJI_URL/…\" in: {documented}");
        var request = new HttpRequestMessage(method, url.Groups[1].Value);
        Assert.Contains("-H \"Authorization: Bearer $ADMIN_TOKEN\"", documented, StringComparison.Ordinal);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        if (BodyPattern().Match(documented) is { Success: true } body)
        {
            Assert.Contains("-H \"Content-Type: application/json\"", documented, StringComparison.Ordinal);
            request.Content = new StringContent(body.Groups[1].Value, Encoding.UTF8, "application/json");
        }

        return request;
    }

    [GeneratedRegex(@"-X ([A-Z]+)")]
    private static partial Regex MethodPattern();

    [GeneratedRegex("\"\\$BUJJI_URL(/[^\"]*)\"")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"-d '([^']*)'")]
    private static partial Regex BodyPattern();
}
