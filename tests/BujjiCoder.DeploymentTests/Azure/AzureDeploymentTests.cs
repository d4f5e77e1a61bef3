using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>
/// The properties that matter, read from what each environment would really deploy (<see cref="AzureDeployment"/>):
/// no public database in production, TLS 1.2 and up everywhere, HTTPS-only ingress, a vault that cannot lose its
/// secrets, no secret in any output, enough api replicas.
/// </summary>
public sealed partial class AzureDeploymentTests
{
    public static TheoryData<string> Environments => ["dev", "staging", "production"];

    // Built-in role definition ids.
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public async Task The_production_database_has_no_public_endpoint_and_a_zone_redundant_standby()
    {
        var server = (await AzureDeployment.For("production")).Single("Microsoft.DBforPostgreSQL/flexibleServers");

        Assert.Equal("Disabled", (string?)server["properties"]?["network"]?["publicNetworkAccess"]);
        Assert.False(string.IsNullOrEmpty((string?)server["properties"]?["network"]?["delegatedSubnetResourceId"]),
            "A private server is injected into a subnet.");
        Assert.Equal("ZoneRedundant", (string?)server["properties"]?["highAvailability"]?["mode"]);
        Assert.Equal("Enabled", (string?)server["properties"]?["backup"]?["geoRedundantBackup"]);
        Assert.Empty((await AzureDeployment.For("production")).OfType("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_database_requires_TLS_1_2_or_newer_allows_the_extensions_the_migrations_create_and_keeps_backups_as_its_parameters_say(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var server = deployment.Single("Microsoft.DBforPostgreSQL/flexibleServers");
        var settings = deployment.OfType("Microsoft.DBforPostgreSQL/flexibleServers/configurations")
            .ToDictionary(setting => ((string)setting["name"]!).Split('/')[^1], setting => (string?)setting["properties"]?["value"]);

        Assert.Equal("on", settings.GetValueOrDefault("require_secure_transport"));
        Assert.Contains(settings.GetValueOrDefault("ssl_min_protocol_version"), new[] { "TLSv1.2", "TLSv1.3" });
        // The migrations create pg_trgm, and the Api creates vector when its store is Pgvector (the cloud's default): the
        // server refuses both unless they are allow-listed.
        Assert.Contains("PG_TRGM", (settings.GetValueOrDefault("azure.extensions") ?? "").ToUpperInvariant().Split(','));
        Assert.Contains("VECTOR", (settings.GetValueOrDefault("azure.extensions") ?? "").ToUpperInvariant().Split(','));
        Assert.Equal("Pgvector", Environment(deployment.ContainerApp("api")).GetValueOrDefault("Retrieval__VectorStore"));
        Assert.InRange((int)server["properties"]!["backup"]!["backupRetentionDays"]!, 7, 35);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Redis_answers_over_TLS_1_2_or_newer_only(string environment)
    {
        var redis = (await AzureDeployment.For(environment)).Single("Microsoft.Cache/redis");

        Assert.False((bool)redis["properties"]!["enableNonSslPort"]!);
        Assert.Contains((string?)redis["properties"]?["minimumTlsVersion"], new[] { "1.2", "1.3" });
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Every_ingress_is_HTTPS_only_and_only_the_web_front_door_is_external(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var apps = deployment.OfType("Microsoft.App/containerApps");

        Assert.Equal(3, apps.Count);
        Assert.All(apps, app =>
        {
            var ingress = app["properties"]?["configuration"]?["ingress"];
            if (ingress is not null)
            {
                Assert.False((bool?)ingress["allowInsecure"] ?? true, $"{app["name"]}: allowInsecure must be false (HTTP redirected to HTTPS).");
                Assert.NotEqual("tcp", (string?)ingress["transport"]);
            }
        });
        Assert.True((bool)deployment.ContainerApp("web")["properties"]!["configuration"]!["ingress"]!["external"]!);
        Assert.False((bool)deployment.ContainerApp("api")["properties"]!["configuration"]!["ingress"]!["external"]!);
        Assert.Null(deployment.ContainerApp("worker")["properties"]!["configuration"]!["ingress"]);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_api_keeps_two_replicas_scales_on_HTTP_and_can_be_rolled_back_by_revision(string environment)
    {
        var api = (await AzureDeployment.For(environment)).ContainerApp("api");
        var scale = api["properties"]!["template"]!["scale"]!;
        var probes = api["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray()
            .ToDictionary(probe => (string)probe!["type"]!, probe => (string?)probe!["httpGet"]?["path"]);

        Assert.True((int)scale["minReplicas"]! >= 2, $"api minReplicas is {scale["minReplicas"]}.");
        Assert.True((int)scale["maxReplicas"]! >= (int)scale["minReplicas"]!);
        Assert.Contains(scale["rules"]!.AsArray(), rule => rule?["http"] is not null);
        Assert.Equal("/health/live", probes.GetValueOrDefault("Liveness"));
        Assert.Equal("/health/ready", probes.GetValueOrDefault("Readiness"));
        Assert.Equal("Multiple", (string?)api["properties"]!["configuration"]!["activeRevisionsMode"]);
    }

    [Fact]
    public async Task The_worker_runs_one_replica_unless_the_azd_environment_asks_for_more()
    {
        static (int, int) Replicas(AzureDeployment deployment)
        {
            var scale = deployment.ContainerApp("worker")["properties"]!["template"]!["scale"]!;
            return ((int)scale["minReplicas"]!, (int)scale["maxReplicas"]!);
        }

        Assert.Equal((1, 1), Replicas(await AzureDeployment.For("production")));
        // What the deploy workflow passes when the repository has no such variable.
        Assert.Equal((1, 1), Replicas(await AzureDeployment.For("production", ("BUJJI_WORKER_REPLICAS", ""))));
        Assert.Equal((3, 3), Replicas(await AzureDeployment.For("production", ("BUJJI_WORKER_REPLICAS", "3"))));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_registry_has_no_admin_user_and_every_app_pulls_with_its_own_identity(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var registry = deployment.Single("Microsoft.ContainerRegistry/registries");

        Assert.False((bool)registry["properties"]!["adminUserEnabled"]!);
        Assert.Equal(3, RoleAssignments(deployment, AcrPull).Count);
        Assert.All(deployment.OfType("Microsoft.App/containerApps"), app =>
        {
            var pull = Assert.Single(app["properties"]!["configuration"]!["registries"]!.AsArray());
            Assert.False(string.IsNullOrEmpty((string?)pull!["identity"]), $"{app["name"]} pulls without a managed identity.");
            Assert.Null(pull["passwordSecretRef"]);
            Assert.Equal("UserAssigned", (string?)app["identity"]?["type"]);
        });
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_vault_uses_RBAC_keeps_deleted_secrets_and_is_read_by_the_api_and_worker_identities(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var vault = deployment.Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.True((bool?)vault["enableSoftDelete"] ?? true);
        Assert.Null(vault["accessPolicies"]);
        Assert.Equal(2, RoleAssignments(deployment, KeyVaultSecretsUser).Count);
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Environment(deployment.ContainerApp(service));
            Assert.False(string.IsNullOrEmpty(settings.GetValueOrDefault("KeyVault__Uri")), $"{service} has no KeyVault__Uri.");
            Assert.False(string.IsNullOrEmpty(settings.GetValueOrDefault("AZURE_CLIENT_ID")), $"{service} has no AZURE_CLIENT_ID.");
            Assert.False(string.IsNullOrEmpty(settings.GetValueOrDefault("APPLICATIONINSIGHTS_CONNECTION_STRING")), $"{service} sends no telemetry.");
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_secrets_the_services_need_are_written_to_the_vault_under_their_setting_names(string environment)
    {
        var secrets = (await AzureDeployment.For(environment)).OfType("Microsoft.KeyVault/vaults/secrets")
            .Select(secret => ((string)secret["name"]!).Split('/')[^1])
            .ToList();

        // docs/CONFIGURATION.md, "Secrets and Key Vault": the setting's key with -- for :.
        Assert.Contains("ConnectionStrings--bujjidb", secrets);
        Assert.Contains("ConnectionStrings--cache", secrets);
        Assert.Contains("Auth--Jwt--SigningKey", secrets);
        Assert.Contains("Llm--Providers--openai--ApiKey", secrets);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_worker_backs_up_to_a_TLS_only_storage_account_it_reaches_with_its_identity_alone(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var account = deployment.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False(string.IsNullOrEmpty(Environment(deployment.ContainerApp("worker")).GetValueOrDefault("Worker__Backup__Blob__ServiceUri")));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task No_secret_is_in_an_output_or_in_any_evaluated_property(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        var template = JsonNode.Parse((await Bicep.Run(null, "build", Bicep.MainTemplate, "--stdout")).Output)!;

        Assert.All(AllOutputs(template), output =>
        {
            var value = output.Definition["value"]?.ToJsonString() ?? "";
            Assert.False(SecretName().IsMatch(output.Name), $"The output {output.Name} is named like a secret.");
            Assert.False(((string?)output.Definition["type"] ?? "").StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"The output {output.Name} is secure.");
            Assert.False(SecretExpression().IsMatch(value), $"The output {output.Name} reads a secret: {value}");
        });
        Assert.All(AzureDeployment.SecretValues, secret =>
        {
            Assert.DoesNotContain(secret, deployment.Outputs.ToJsonString(), StringComparison.Ordinal);
            // The snapshot leaves @secure parameters unevaluated (a vault secret written from one shows no value), so a
            // secret found here is a parameter that lost @secure, or one copied into a plain property.
            Assert.DoesNotContain(secret, deployment.Text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Every_top_level_resource_is_tagged_with_its_environment_so_costs_and_ownership_can_be_traced(string environment)
    {
        var deployment = await AzureDeployment.For(environment);
        // Child resources (a server's databases, a vault's secrets) and role assignments cannot carry tags of their own.
        var taggable = deployment.Resources
            .Where(resource => ((string)resource["type"]!).Count(c => c == '/') == 1 && !((string)resource["type"]!).StartsWith("Microsoft.Authorization/", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(taggable);
        Assert.All(taggable, resource =>
        {
            Assert.True(resource["tags"]?["azd-env-name"] is not null, $"{resource["type"]} {resource["name"]} has no azd-env-name tag.");
            Assert.Equal(environment, (string?)resource["tags"]!["bujji-environment-type"]);
        });
    }

    private static List<JsonObject> RoleAssignments(AzureDeployment deployment, string roleDefinitionId) =>
        deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ((string?)assignment["properties"]?["roleDefinitionId"] ?? "").EndsWith(roleDefinitionId, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static Dictionary<string, string?> Environment(JsonObject app) =>
        app["properties"]!["template"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(variable => (string)variable!["name"]!, variable => (string?)variable!["value"]);

    /// <summary>The outputs of the template and of every module nested in it.</summary>
    private static IEnumerable<(string Name, JsonObject Definition)> AllOutputs(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj["outputs"] is JsonObject outputs && obj.ContainsKey("$schema"))
            {
                foreach (var (name, definition) in outputs)
                {
                    yield return (name, definition!.AsObject());
                }
            }

            foreach (var (_, child) in obj)
            {
                foreach (var output in child is null ? [] : AllOutputs(child))
                {
                    yield return output;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var output in array.Where(child => child is not null).SelectMany(child => AllOutputs(child!)))
            {
                yield return output;
            }
        }
    }

    [GeneratedRegex("(?i)password|secret|connectionstring|apikey|signingkey|accesskey|sharedkey|token$|sas")]
    private static partial Regex SecretName();

    // A list*() call (keys, secrets, SAS), a connection string, or a secure parameter of main.bicep or of a module.
    [GeneratedRegex(@"(?i)list(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas)?\(|ConnectionString|parameters\('(postgresAdminPassword|jwtSigningKey|llmProviderApiKeys|administratorPassword)'\)")]
    private static partial Regex SecretExpression();
}
