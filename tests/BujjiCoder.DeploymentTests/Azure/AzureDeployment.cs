using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>
/// What `azd provision` would deploy for one environment: infra/main.bicep compiled with infra/main.bicepparam under
/// that environment's azd variables, then evaluated by `bicep snapshot` (the ARM template engine, offline): every
/// resource with its properties as Azure would receive them, modules and loops expanded. Values only known during a
/// deployment (another resource's id or output) stay as ARM expressions.
/// </summary>
internal sealed class AzureDeployment
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000b0b0";

    // Recognisable secret values: if one of them shows up in an output or an evaluated property, a secret leaked.
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["BUJJI_POSTGRES_ADMIN_PASSWORD"] = "postgres-secret-7f3a9c1e5b",
        ["BUJJI_JWT_SIGNING_KEY"] = "jwt-secret-0123456789abcdef0123456789abcdef",
        ["BUJJI_LLM_PROVIDER_API_KEYS"] = """{"openai":"sk-provider-secret-4d2e8b"}""",
    };

    public static readonly string[] SecretValues = ["postgres-secret-7f3a9c1e5b", "jwt-secret-0123456789abcdef0123456789abcdef", "sk-provider-secret-4d2e8b"];

    private static readonly ConcurrentDictionary<string, Task<AzureDeployment>> Snapshots = new();

    private AzureDeployment(string environment, JsonObject snapshot, string text)
    {
        Environment = environment;
        Snapshot = snapshot;
        Text = text;
    }

    public string Environment { get; }

    public JsonObject Snapshot { get; }

    /// <summary>The snapshot as written, for searching it for secret values.</summary>
    public string Text { get; }

    public IEnumerable<JsonObject> Resources => Snapshot["predictedResources"]!.AsArray().Select(resource => resource!.AsObject());

    public JsonObject Outputs => Snapshot["outputs"]!.AsObject();

    /// <summary>
    /// The deployment of <paramref name="environment"/>, with <paramref name="variables"/> set in the azd environment
    /// besides the usual ones (an operator's <c>azd env set NAME value</c>).
    /// </summary>
    public static Task<AzureDeployment> For(string environment, params (string Name, string Value)[] variables) =>
        Snapshots.GetOrAdd(string.Join(';', [environment, .. variables.Select(v => $"{v.Name}={v.Value}")]), _ => Create(environment, variables));

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    /// <summary>The container app azd deploys the service to (found, as azd finds it, by its azd-service-name tag).</summary>
    public JsonObject ContainerApp(string service) =>
        Assert.Single(OfType("Microsoft.App/containerApps"), app => (string?)app["tags"]?["azd-service-name"] == service);

    private static async Task<AzureDeployment> Create(string environment, (string Name, string Value)[] settings)
    {
        // The snapshot is written beside the parameters file: each environment works on its own copy of what the
        // templates read (infra/ and the alert list), laid out as in the repository.
        using var copy = TemporaryDirectory.Create("az-snapshot");
        CopyDirectory(Bicep.InfraDirectory, Path.Combine(copy.Path, "infra"));
        var rules = Path.Combine("deploy", "monitoring", "prometheus", "alerts.rules.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy.Path, rules))!);
        File.Copy(Path.Combine(SolutionPaths.Root, rules), Path.Combine(copy.Path, rules));

        var variables = new Dictionary<string, string>(Secrets)
        {
            ["AZURE_ENV_NAME"] = $"bujji-{environment}",
            ["BUJJI_ENVIRONMENT_TYPE"] = environment,
            ["AZURE_LOCATION"] = "westeurope",
            ["BUJJI_LLM_PROVIDERS"] = "openai",
        };
        foreach (var (name, value) in settings)
        {
            variables[name] = value;
        }

        var parameters = Path.Combine(copy.Path, "infra", "main.bicepparam");
        var result = await Bicep.Run(copy.Path, variables,
            "snapshot", parameters, "--mode", "overwrite", "--subscription-id", SubscriptionId,
            "--tenant-id", "00000000-0000-0000-0000-00000000a0a0", "--location", "westeurope");
        Assert.True(result.ExitCode == 0, $"bicep snapshot ({environment}): {result}");

        var text = await File.ReadAllTextAsync(Path.Combine(copy.Path, "infra", "main.snapshot.json"), TestContext.Current.CancellationToken);
        var snapshot = JsonNode.Parse(text)!.AsObject();
        // A module the engine could not expand would silently drop its resources from every assertion below.
        Assert.True(snapshot["diagnostics"]!.AsArray().Count == 0, $"bicep snapshot ({environment}) could not expand everything: {snapshot["diagnostics"]}");
        return new AzureDeployment(environment, snapshot, text);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
