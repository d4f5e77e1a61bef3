using System.Text.Json;
using System.Text.Json.Nodes;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>
/// The web app's client types are generated from <c>BujjiCoder.Web/src/api/openapi.json</c>; this test keeps that file
/// equal to what the Api publishes, so a changed endpoint cannot silently leave the browser with stale types.
/// </summary>
public sealed class OpenApiContractTests
{
    public const string UpdateCommand = "eng/update-api-contract.sh";

    private static readonly string ContractPath = Path.Combine(SolutionPaths.Root, "BujjiCoder.Web", "src", "api", "openapi.json");

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_checked_in_contract_is_the_document_the_api_publishes()
    {
        await using var api = await TestHost.Sqlite().InEnvironment("Development").BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var published = Canonical(await client.GetStringAsync("/openapi/v1.json", Cancellation));

        if (Environment.GetEnvironmentVariable("UPDATE_API_CONTRACT") == "1")
        {
            await File.WriteAllTextAsync(ContractPath, published, Cancellation);
            return;
        }

        var checkedIn = File.Exists(ContractPath) ? (await File.ReadAllTextAsync(ContractPath, Cancellation)).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(checkedIn == published,
            $"BujjiCoder.Web/src/api/openapi.json differs from the Api's /openapi/v1.json (first difference at line {FirstDifferentLine(checkedIn, published)}). "
            + $"Run {UpdateCommand} to update it and the web app's types, and commit both.");
    }

    [Fact]
    public async Task The_published_document_names_no_server_so_it_is_the_same_on_every_machine()
    {
        await using var api = await TestHost.Sqlite().InEnvironment("Development").BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Cancellation))!.AsObject();

        Assert.False(document.ContainsKey("servers"));
    }

    /// <summary>
    /// Pretty-printed with the maps whose order means nothing (paths, component sections) sorted by key, LF line ends and a
    /// final newline: a diff of the file shows what changed in the Api and nothing else.
    /// </summary>
    private static string Canonical(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        SortKeys(document, "paths");
        if (document["components"] is JsonObject components)
        {
            foreach (var section in components.Select(pair => pair.Key).ToList())
            {
                SortKeys(components, section);
            }
        }

        return document.ToJsonString(Pretty).ReplaceLineEndings("\n") + "\n";
    }

    private static void SortKeys(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject map)
        {
            return;
        }

        var sorted = new JsonObject();
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList())
        {
            map.Remove(key);
            sorted[key] = value;
        }

        parent[name] = sorted;
    }

    private static int FirstDifferentLine(string left, string right)
    {
        var a = left.Split('\n');
        var b = right.Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line])
        {
            line++;
        }

        return line + 1;
    }
}
