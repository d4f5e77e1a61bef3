using System.Security.Cryptography;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>deploy/compose as docker-compose reads it, and deploy.sh's preflight, without starting anything.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly string ComposeDirectory = Path.Combine(SolutionPaths.Root, "deploy", "compose");
    private static readonly string[] LongRunning = ["postgres", "redis", "api-1", "api-2", "worker", "web"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_long_running_service_restarts_rotates_its_logs_is_limited_and_health_checked(bool production)
    {
        var services = (YamlMappingNode)(await ConfigAsync(production))["services"];

        foreach (var name in LongRunning)
        {
            var service = (YamlMappingNode)services[name];
            Assert.True(service.Scalar("restart") is "unless-stopped" or "always", $"{name}: restart");
            var logging = (YamlMappingNode)service["logging"];
            Assert.Equal("json-file", logging.Scalar("driver"));
            Assert.NotNull(((YamlMappingNode)logging["options"]).Scalar("max-size"));
            Assert.NotNull(((YamlMappingNode)logging["options"]).Scalar("max-file"));
            Assert.NotNull(service.Scalar("mem_limit"));
            Assert.NotNull(service.Scalar("cpus"));
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name}: healthcheck");
        }
    }

    [Fact]
    public async Task The_replicas_leave_migrations_to_the_one_off_run_and_trust_only_the_front_doors_network()
    {
        var config = await ConfigAsync(production: false);
        var services = (YamlMappingNode)config["services"];
        var subnet = ((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)config["networks"])["edge"])["ipam"])["config"])[0]).Scalar("subnet");

        foreach (var replica in new[] { "api-1", "api-2" })
        {
            var environment = (YamlMappingNode)((YamlMappingNode)services[replica])["environment"];
            Assert.Equal("false", environment.Scalar("Database__MigrateOnStartup"));
            Assert.Equal(subnet, environment.Scalar("Http__TrustedProxies__0"));
            var networks = ((YamlMappingNode)((YamlMappingNode)services[replica])["networks"]).Children.Keys.Select(key => key.ToString());
            Assert.Contains("edge", networks);
        }

        var web = (YamlMappingNode)services["web"];
        Assert.Equal(["edge"], ((YamlMappingNode)web["networks"]).Children.Keys.Select(key => key.ToString()));
        Assert.Equal("migrate", ((YamlSequenceNode)((YamlMappingNode)services["migrate"])["command"])[0].ToString());
        Assert.Equal("no", ((YamlMappingNode)services["migrate"]).Scalar("restart"));
        var worker = (YamlMappingNode)services["worker"];
        var backupPath = ((YamlMappingNode)worker["environment"]).Scalar("Worker__Backup__Local__Path");
        Assert.Contains(((YamlSequenceNode)worker["volumes"]).Select(volume => volume.ToString()), volume => volume.StartsWith($"backups:{backupPath}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_variable_the_compose_files_read_is_documented_in_the_env_example()
    {
        var documented = (await File.ReadAllLinesAsync(Path.Combine(ComposeDirectory, ".env.example"), TestContext.Current.CancellationToken))
            .Select(line => line.Split('=')[0].Trim())
            .ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "compose.yaml", "compose.production.yaml" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(ComposeDirectory, file), TestContext.Current.CancellationToken);
            foreach (Match match in Variable().Matches(text))
            {
                Assert.True(documented.Contains(match.Groups[1].Value), $"{file} reads ${{{match.Groups[1].Value}}}, which .env.example does not document");
            }
        }
    }

    [Fact]
    public async Task An_env_file_still_holding_the_samples_is_refused_before_anything_starts()
    {
        using var directory = TemporaryDirectory.Create("cmp-preflight");
        var environment = $"cmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var envFile = Path.Combine(directory.Path, $"{environment}.env");
        File.Copy(Path.Combine(ComposeDirectory, ".env.example"), envFile);

        var result = await OperatorShell.RunAsync("bash", ["deploy/deploy.sh", "compose", environment], new Dictionary<string, string> { ["BUJJI_ENV_FILE"] = envFile, ["TMPDIR"] = directory.Path });

        Assert.NotEqual(0, result.ExitCode);
        foreach (var key in new[] { "BUJJI_API_IMAGE", "BUJJI_POSTGRES_PASSWORD", "BUJJI_REDIS_PASSWORD", "BUJJI_JWT_SIGNING_KEY", "BUJJI_BACKUP_ENCRYPTION_KEY", "BUJJI_EDGE_SUBNET" })
        {
            Assert.Contains(key, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("nothing was changed", result.Output, StringComparison.Ordinal);
        Assert.Empty(await OperatorShell.ReadAsync("docker", "ps", "--all", "--quiet", "--filter", $"label=com.docker.compose.project=bujji-{environment}"));
    }

    // The compose files as docker-compose resolves them with a filled-in env file (images need not exist for `config`).
    private static async Task<YamlMappingNode> ConfigAsync(bool production)
    {
        using var directory = TemporaryDirectory.Create("cmp-config");
        var envFile = Path.Combine(directory.Path, "config.env");
        await File.WriteAllLinesAsync(envFile,
        [
            "BUJJI_API_IMAGE=example/api:1", "BUJJI_WORKER_IMAGE=example/worker:1", "BUJJI_WEB_IMAGE=example/web:1",
            "BUJJI_POSTGRES_PASSWORD=0123456789abcdef", "BUJJI_REDIS_PASSWORD=0123456789abcdef",
            $"BUJJI_JWT_SIGNING_KEY={new string('k', 48)}", $"BUJJI_BACKUP_ENCRYPTION_KEY={Convert.ToBase64String(new byte[32])}",
            "BUJJI_EDGE_SUBNET=10.231.0.0/24",
        ], TestContext.Current.CancellationToken);
        List<string> arguments = ["--project-directory", ComposeDirectory, "--env-file", envFile, "-f", Path.Combine(ComposeDirectory, "compose.yaml")];
        if (production)
        {
            arguments.AddRange(["-f", Path.Combine(ComposeDirectory, "compose.production.yaml")]);
        }

        return Yaml.Parse(await OperatorShell.ReadAsync("docker-compose", [.. arguments, "config"]));
    }

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)")]
    private static partial Regex Variable();
}
