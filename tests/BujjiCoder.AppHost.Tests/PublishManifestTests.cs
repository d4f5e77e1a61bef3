using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BujjiCoder.AppHost.Tests;

/// <summary>
/// The publish manifest, made as an operator makes it (<c>dotnet run --project BujjiCoder.AppHost -- --publisher manifest
/// --output-path …</c>): what a deployment tool turns into containers and a secret store.
/// </summary>
public sealed partial class PublishManifestTests(PublishManifestTests.Manifest manifest) : IClassFixture<PublishManifestTests.Manifest>
{
    /// <summary>
    /// The endings of secret setting keys, as docs/CONFIGURATION.md ("Secrets and Key Vault") lists them and the services
    /// refuse samples for; list settings (<c>…SigningKeys__0</c>) count by their name without the index.
    /// </summary>
    private static readonly string[] SecretSuffixes =
        ["Password", "Secret", "ApiKey", "SigningKey", "SigningKeys", "AccessKey", "AccountKey", "PrivateKey", "Token", "EncryptionKey", "EncryptionKeys"];

    [Fact]
    public void Nothing_is_published_as_an_executable_and_the_web_app_is_built_from_its_dockerfile()
    {
        Assert.DoesNotContain(manifest.Resources, resource => TypeOf(resource.Value).StartsWith("executable.", StringComparison.Ordinal));

        var web = manifest.Resources["web"]!;
        Assert.StartsWith("container.", TypeOf(web), StringComparison.Ordinal);
        var build = web["build"]!;
        Assert.Equal(Path.Combine(SolutionPaths.Root, "deploy", "images", "web.Dockerfile"), manifest.FullPath(build["dockerfile"]!.GetValue<string>()));
        Assert.Equal(SolutionPaths.Root.TrimEnd('/'), manifest.FullPath(build["context"]!.GetValue<string>()).TrimEnd('/'));
        Assert.True(web["bindings"]!["http"]!["external"]!.GetValue<bool>());
        Assert.Equal("{api.bindings.http.host}:{api.bindings.http.port}", web["env"]!["BUJJI_API_UPSTREAM"]!.GetValue<string>());

        Assert.Equal(["project.v0", "project.v0"], [TypeOf(manifest.Resources["api"]!), TypeOf(manifest.Resources["worker"]!)]);
    }

    // Connection strings are the resources' own (their passwords are checked below); every other secret is a parameter.
    [Fact]
    public void Every_secret_setting_is_a_secret_parameter_or_a_resources_connection_string_never_a_literal()
    {
        var secretSettings =
            from service in manifest.Resources
            from variable in service.Value!["env"]?.AsObject() ?? []
            where IsSecretSetting(variable.Key)
            select (Where: $"{service.Key}: {variable.Key}", Value: variable.Value!.GetValue<string>());
        var notASecretParameter = secretSettings
            .Where(setting => !(SingleReference().Match(setting.Value) is { Success: true } reference && reference.Groups["property"].Value switch
            {
                "value" => manifest.IsSecretParameter(reference.Groups["name"].Value),
                _ => setting.Where.Contains(": ConnectionStrings__", StringComparison.Ordinal) && manifest.Resources[reference.Groups["name"].Value]?["connectionString"] is not null,
            }))
            .Select(setting => $"{setting.Where} = {setting.Value}");

        Assert.Empty(notASecretParameter);
        // The settings the services need to run in production (and the ones this test exists for) are among them.
        Assert.Subset(secretSettings.Select(setting => setting.Where).ToHashSet(),
            new HashSet<string> { "api: Auth__Jwt__SigningKey", "api: Llm__Providers__openai__ApiKey", "worker: Worker__Backup__EncryptionKey" });
    }

    [Fact]
    public void Every_password_inside_a_connection_string_or_url_is_a_secret_parameter()
    {
        var values =
            from service in manifest.Resources
            from variable in service.Value!["env"]?.AsObject() ?? []
            select (Where: $"{service.Key}: {variable.Key}", Value: manifest.Expand(variable.Value!.GetValue<string>()));
        var credentials = values
            .SelectMany(value => Credential().Matches(value.Value).Select(match => (value.Where, Credential: match.Groups["value"].Value)))
            .ToList();

        var literal = credentials
            .Where(found => !(SingleReference().Match(found.Credential) is { Success: true } reference
                && reference.Groups["property"].Value == "value" && manifest.IsSecretParameter(reference.Groups["name"].Value)))
            .Select(found => $"{found.Where}: {found.Credential}");

        Assert.Empty(literal);
        // PostgreSQL's and Redis's, in both services' connection strings: what the expansion must have found.
        Assert.Contains(credentials, found => found is { Where: "api: ConnectionStrings__bujjidb", Credential: "{postgres-password.value}" });
        Assert.Contains(credentials, found => found is { Where: "worker: ConnectionStrings__cache", Credential: "{cache-password.value}" });
    }

    [Fact]
    public void No_secret_parameter_carries_a_value_of_its_own()
    {
        var secretParameters = manifest.Resources
            .Where(resource => manifest.IsSecretParameter(resource.Key))
            .ToDictionary(resource => resource.Key, resource => resource.Value!["inputs"]!["value"]!["default"]);

        Assert.Contains("jwt-signing-key", secretParameters.Keys);
        // Asked for at deployment, or generated there (Aspire's database passwords): never a value fixed in the manifest.
        Assert.All(secretParameters, parameter => Assert.True(parameter.Value is null || parameter.Value["generate"] is not null, parameter.Key));
    }

    private static bool IsSecretSetting(string variable)
    {
        var key = TrailingIndex().Replace(variable, "");
        return key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
            || SecretSuffixes.Any(suffix => key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static string TypeOf(JsonNode? resource) => resource!["type"]!.GetValue<string>();

    [GeneratedRegex(@"^\{(?<name>[a-z0-9-]+)\.(?<property>value|connectionString)\}$")]
    private static partial Regex SingleReference();

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex TrailingIndex();

    /// <summary>A password in a key=value connection string (<c>Password=…;</c>, Redis's <c>,password=…</c>) or a URL's user info.</summary>
    [GeneratedRegex(@"(?:(?i:password|pwd)=(?<value>[^;,]*))|(?:://[^:/@{}]*:(?<value>[^@]*)@)")]
    private static partial Regex Credential();

    [GeneratedRegex(@"\{(?<name>[a-z0-9-]+)\.(?<property>connectionString|value)\}")]
    private static partial Regex Reference();

    /// <summary>The manifest, published once for the class into a directory of its own.</summary>
    public sealed class Manifest : IAsyncLifetime
    {
        private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-manifest");

        public JsonObject Resources { get; private set; } = [];

        private string Directory => _directory.Path;

        public async ValueTask InitializeAsync()
        {
            var path = System.IO.Path.Combine(Directory, "aspire-manifest.json");
            await PublishAsync(path);
            Resources = JsonNode.Parse(await File.ReadAllTextAsync(path))!["resources"]!.AsObject();
        }

        public ValueTask DisposeAsync()
        {
            _directory.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>A path in the manifest (relative to the manifest's directory) as an absolute one.</summary>
        public string FullPath(string manifestPath) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, manifestPath));

        public bool IsSecretParameter(string name) =>
            Resources[name] is { } resource
            && resource["type"]!.GetValue<string>() == "parameter.v0"
            && resource["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true;

        /// <summary>
        /// Replaces references to connection strings and to derived strings (a password URI-encoded) with what they refer
        /// to, until only parameters, endpoints and literal text are left: what the deployment tool will assemble.
        /// </summary>
        public string Expand(string value)
        {
            for (var depth = 0; depth < 10; depth++)
            {
                var expanded = Reference().Replace(value, reference =>
                {
                    var target = Resources[reference.Groups["name"].Value];
                    return reference.Groups["property"].Value switch
                    {
                        "connectionString" => target!["connectionString"]!.GetValue<string>(),
                        _ when target?["type"]?.GetValue<string>() == "annotated.string" => target["value"]!.GetValue<string>(),
                        _ => reference.Value,
                    };
                });
                if (expanded == value)
                {
                    return value;
                }

                value = expanded;
            }

            throw new InvalidOperationException($"References in the manifest do not end: {value}");
        }

        /// <summary>Runs the AppHost as built beside the tests, as <c>dotnet run</c> would, with the publisher's arguments.</summary>
        private static async Task PublishAsync(string path)
        {
            var result = await CommandLine.RunAsync(
                "dotnet", ["exec", System.IO.Path.Combine(AppContext.BaseDirectory, "BujjiCoder.AppHost.dll"), "--publisher", "manifest", "--output-path", path],
                TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0 && File.Exists(path), $"publishing the manifest failed ({result.ExitCode}): {result.Error}{result.Output}");
        }
    }
}
