using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>
/// One compose stack per run, deployed the way an operator deploys it: an env file written like .env.example asks, then
/// <c>deploy/deploy.sh compose &lt;environment&gt;</c>. The tests reach it only through its front door, and deploy new
/// releases of the Api through the same script. The fake LLM listens on the Docker bridge's gateway, the host address
/// every container can reach.
/// </summary>
public sealed class ComposeStack : IAsyncLifetime
{
    public const string Environment = "cmp-test";

    private readonly string _project = $"cmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    private readonly List<string> _derivedImages = [];
    private TemporaryDirectory? _directory;

    /// <summary>The front door (the web container's nginx) as a browser on this machine reaches it.</summary>
    public HttpClient FrontDoor { get; private set; } = null!;

    public FakeLlmServer Llm { get; private set; } = null!;

    /// <summary>The fake provider's model, as the Api's catalogue names it.</summary>
    public static string Model => "fake-model";

    /// <summary>The Api image the env file names now: the last release deployed successfully.</summary>
    public string ApiImage { get; private set; } = string.Empty;

    /// <summary>From the first deploy's start to the front door answering /health/ready: the compose up-to-ready time.</summary>
    public TimeSpan UpToReady { get; private set; }

    /// <summary>What the first deploy (an empty machine) printed.</summary>
    public CommandResult FirstDeploy { get; private set; } = null!;

    /// <summary>The compose project name, the prefix of every container, network and volume of this stack.</summary>
    public string Project => _project;

    private string[] ComposeArguments =>
    [
        "--project-name", _project, "--project-directory", Path.Combine(SolutionPaths.Root, "deploy", "compose"), "--env-file", EnvFile,
        "-f", Path.Combine(SolutionPaths.Root, "deploy", "compose", "compose.yaml"),
    ];

    private string EnvFile => Path.Combine(_directory!.Path, $"{Environment}.env");

    public async ValueTask InitializeAsync()
    {
        // Built once per run by the image tests' fixture, whichever collection asks first.
        var images = await Images.BuiltImages.GetAsync();
        _directory = TemporaryDirectory.Create("cmp-compose");
        Llm = await FakeLlmServer.StartAsync(await BridgeGatewayAsync());
        var port = FreePort();
        FrontDoor = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };

        var settings = Path.Combine(_directory.Path, "api.settings.env");
        await File.WriteAllLinesAsync(settings,
        [
            "Auth__RegistrationMode=Open",
            // Long enough for one token to last the whole run's load, rolling update and rollback included.
            "Auth__Jwt__AccessTokenLifetime=01:00:00",
            // The load is a few clients from one address; the quotas themselves are other tests' business.
            "RateLimiting__Roles__User__PermitLimit=100000",
            "RateLimiting__Groups__auth__PermitLimit=1000",
            "Llm__Providers__fake__Kind=OpenAICompatible",
            $"Llm__Providers__fake__Endpoint={Llm.BaseUrl}v1",
            $"Llm__Providers__fake__ApiKey={Secret(24)}",
            $"Llm__Models__0__Id={Model}",
            "Llm__Models__0__Provider=fake",
        ]);
        ApiImage = images.Api;
        await File.WriteAllLinesAsync(EnvFile,
        [
            $"COMPOSE_PROJECT_NAME={_project}",
            $"BUJJI_API_IMAGE={images.Api}",
            $"BUJJI_WORKER_IMAGE={images.Worker}",
            $"BUJJI_WEB_IMAGE={images.Web}",
            $"BUJJI_POSTGRES_IMAGE={Images.BuiltImages.Postgres}",
            $"BUJJI_REDIS_IMAGE={Images.BuiltImages.Redis}",
            $"BUJJI_POSTGRES_PASSWORD={Secret(18)}",
            $"BUJJI_REDIS_PASSWORD={Secret(18)}",
            $"BUJJI_JWT_SIGNING_KEY={Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}",
            $"BUJJI_BACKUP_ENCRYPTION_KEY={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "BUJJI_HTTP_BIND=127.0.0.1",
            $"BUJJI_HTTP_PORT={port}",
            $"BUJJI_EDGE_SUBNET={await FreeSubnetAsync()}",
            $"BUJJI_API_SETTINGS_FILE={settings}",
            // A busy shared machine: starting .NET in a container can take a while.
            "BUJJI_HEALTH_TIMEOUT=240",
            "BUJJI_DRAIN_SECONDS=3",
        ]);

        var stopwatch = Stopwatch.StartNew();
        FirstDeploy = await DeployAsync();
        Assert.True(FirstDeploy.ExitCode == 0, $"The first deploy failed (exit {FirstDeploy.ExitCode}):\n{FirstDeploy.Output}");
        using var ready = await FrontDoor.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        UpToReady = stopwatch.Elapsed;
        Console.WriteLine($"compose up to ready (deploy.sh compose {Environment}, first deploy): {UpToReady.TotalSeconds:F1} s");
    }

    /// <summary>Runs <c>deploy/deploy.sh compose cmp-test</c> against this stack's env file.</summary>
    public Task<CommandResult> DeployAsync() =>
        OperatorShell.RunAsync("bash", ["deploy/deploy.sh", "compose", Environment], new Dictionary<string, string> { ["BUJJI_ENV_FILE"] = EnvFile, ["TMPDIR"] = _directory!.Path }, TimeSpan.FromMinutes(15));

    /// <summary>Runs docker-compose on this stack with the arguments deploy.sh uses, as the operator's <c>dc</c> helper in DEPLOYMENT.md does.</summary>
    public Task<CommandResult> ComposeAsync(params string[] arguments) =>
        OperatorShell.RunAsync("docker-compose", [.. ComposeArguments, .. arguments], timeout: TimeSpan.FromMinutes(5));

    /// <summary>The id of the running container of a service.</summary>
    public async Task<string> ContainerAsync(string service)
    {
        var container = await OperatorShell.ReadAsync("docker", "ps", "--quiet", "--filter", $"label=com.docker.compose.project={_project}", "--filter", $"label=com.docker.compose.service={service}");
        Assert.False(string.IsNullOrEmpty(container), $"{service} has no running container");
        return container;
    }

    /// <summary>Names <paramref name="image"/> as the Api release in the env file, as an operator does before deploying.</summary>
    public async Task SetApiImageAsync(string image)
    {
        var lines = await File.ReadAllLinesAsync(EnvFile);
        await File.WriteAllLinesAsync(EnvFile, lines.Select(line => line.StartsWith("BUJJI_API_IMAGE=", StringComparison.Ordinal) ? $"BUJJI_API_IMAGE={image}" : line));
        ApiImage = image;
    }

    /// <summary>Builds a new Api release from the current one plus <paramref name="instructions"/> (Dockerfile lines), removed after the run.</summary>
    public async Task<string> DeriveApiImageAsync(string release, string instructions)
    {
        var tag = $"{_project}/api:{release}";
        var built = await OperatorShell.RunAsync("docker", ["build", "--quiet", "--tag", tag, "-"], standardInput: $"FROM {ApiImage}\n{instructions}\n");
        Assert.True(built.ExitCode == 0, $"docker build of {tag} failed: {built.Output}");
        _derivedImages.Add(tag);
        return tag;
    }

    /// <summary>The image id each Api replica's container runs.</summary>
    public async Task<IReadOnlyList<string>> ReplicaImageIdsAsync()
    {
        var ids = new List<string>();
        foreach (var replica in new[] { "api-1", "api-2" })
        {
            ids.Add(await OperatorShell.ReadAsync("docker", "inspect", "--format", "{{.Image}}", await ContainerAsync(replica)));
        }

        return ids;
    }

    public static Task<string> ImageIdAsync(string image) => OperatorShell.ReadAsync("docker", "image", "inspect", "--format", "{{.Id}}", image);

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            // Only what this run made: its containers, networks and volumes, and the releases it derived.
            await OperatorShell.RunAsync("docker-compose", [.. ComposeArguments, "down", "--volumes", "--remove-orphans", "--timeout", "10"]);
            foreach (var image in _derivedImages)
            {
                await OperatorShell.RunQuietAsync("docker", "rmi", image);
            }

            _directory.Dispose();
        }

        FrontDoor?.Dispose();
        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }
    }

    // The host's address on Docker's default bridge (docker0): routed from every container, and not on any outside network.
    private static async Task<string> BridgeGatewayAsync()
    {
        var name = await OperatorShell.ReadAsync("docker", "network", "inspect", "bridge", "--format", "{{index .Options \"com.docker.network.bridge.name\"}}");
        var bridge = NetworkInterface.GetAllNetworkInterfaces().Single(candidate => candidate.Name == name);
        return bridge.GetIPProperties().UnicastAddresses.First(address => address.Address.AddressFamily == AddressFamily.InterNetwork).Address.ToString();
    }

    private static string Secret(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // A /24 in 10.231.0.0/16, outside Docker's default address pools (172.17–31, 192.168), that no network uses yet.
    private static async Task<string> FreeSubnetAsync()
    {
        var networks = (await OperatorShell.ReadAsync("docker", "network", "ls", "--quiet")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var used = await OperatorShell.ReadAsync("docker", ["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", .. networks]);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var subnet = $"10.231.{RandomNumberGenerator.GetInt32(1, 255)}.0/24";
            if (!used.Contains(subnet, StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("No free /24 in 10.231.0.0/16 for the edge network.");
    }
}
