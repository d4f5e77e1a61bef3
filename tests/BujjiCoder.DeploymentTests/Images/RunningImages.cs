using System.Security.Cryptography;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The images running as they ship, on a throwaway network of their own: PostgreSQL and Redis (the images compose and
/// the AppHost run), one Api, the Worker, and the web front door in front of the Api. Everything is named img-&lt;run&gt;-… and removed
/// at the end, volumes included.
/// </summary>
public sealed class RunningImages : IAsyncLifetime
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(3);

    private readonly string _prefix = $"img-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    private readonly List<string> _containers = [];
    private bool _networkCreated;

    public string Network => $"{_prefix}-net";

    public string Postgres => $"{_prefix}-postgres";

    public string Redis => $"{_prefix}-redis";

    public string Api => $"{_prefix}-api";

    public string Worker => $"{_prefix}-worker";

    public string Web => $"{_prefix}-web";

    /// <summary>
    /// The network's gateway: where the host's requests to a published port come from (Docker's proxy), and so the
    /// front door's one trusted proxy, standing in for a TLS proxy on the host.
    /// </summary>
    public string Gateway { get; private set; } = null!;

    /// <summary>The front door as the host reaches it (a loopback port Docker picked).</summary>
    public Uri WebUrl { get; private set; } = null!;

    public BuiltImages Images { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Images = await BuiltImages.GetAsync();
        await Docker.RunAsync("network", "create", Network);
        _networkCreated = true;
        Gateway = await Docker.InspectAsync(Network, "{{(index .IPAM.Config 0).Gateway}}");

        var databasePassword = Secret();
        var cachePassword = Secret();
        await StartAsync(Postgres, [
            "--env", "POSTGRES_USER=bujji", "--env", $"POSTGRES_PASSWORD={databasePassword}", "--env", "POSTGRES_DB=bujji",
            "--health-cmd", "pg_isready -h 127.0.0.1 -U bujji -d bujji", "--health-interval", "2s",
        ], BuiltImages.Postgres);
        // The password from the environment, as Aspire and compose pass it.
        await StartAsync(Redis, ["--env", $"REDIS_PASSWORD={cachePassword}", "--entrypoint", "/bin/sh"],
            BuiltImages.Redis, "-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\"");
        await WaitUntilHealthyAsync(Postgres);

        // Production, as shipped: the image's own environment plus the settings compose gives it. The Api migrates the
        // database on start (its default); the Worker, started once the Api is healthy, waits for that.
        string[] data =
        [
            "--env", $"ConnectionStrings__bujjidb=Host={Postgres};Port=5432;Database=bujji;Username=bujji;Password={databasePassword}",
            "--env", $"ConnectionStrings__cache={Redis}:6379,password={cachePassword},abortConnect=false",
            "--health-interval", "2s",
        ];
        await StartAsync(Api, [
            .. data,
            "--network-alias", $"{Api}-alias",
            "--env", $"Auth__Jwt__SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}",
        ], Images.Api);
        // Two upstream entries (the same replica under two names): the entrypoint's comma list becomes two servers.
        await StartAsync(Web, [
            "--env", $"BUJJI_API_UPSTREAM={Api}:8080, {Api}-alias:8080",
            "--env", $"BUJJI_WEB_TRUSTED_PROXIES={Gateway}",
            "--publish", "127.0.0.1::8080",
            "--health-interval", "2s",
        ], Images.Web);
        await WaitUntilHealthyAsync(Api);
        await StartAsync(Worker, data, Images.Worker);
        await WaitUntilHealthyAsync(Web);
        var published = (await Docker.RunAsync("port", Web, "8080/tcp")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        WebUrl = new Uri($"http://{published}/");
    }

    /// <summary>Runs a command inside a running container as its own user.</summary>
    public Task<CommandResult> ExecAsync(string container, params string[] command) =>
        Docker.TryRunAsync(["exec", container, .. command]);

    /// <summary>Waits for Docker to report the container's HEALTHCHECK healthy; fails with its log when it does not.</summary>
    public static async Task WaitUntilHealthyAsync(string container)
    {
        var deadline = DateTimeOffset.UtcNow + HealthyWithin;
        while (true)
        {
            var state = await Docker.InspectAsync(container, "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}");
            if (state == "running healthy")
            {
                return;
            }

            if (!state.StartsWith("running", StringComparison.Ordinal) || DateTimeOffset.UtcNow > deadline)
            {
                var log = await Docker.TryRunAsync("logs", "--tail", "60", container);
                var probes = await Docker.TryRunAsync("inspect", "--format", "{{json .State.Health}}", container);
                throw new InvalidOperationException($"{container} is '{state}', not healthy.\nProbes: {probes.Output}\nLog:\n{log.Output}{log.Error}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Runs the container's own probe until it passes (a minute at most).</summary>
    public async Task WaitUntilProbeSucceedsAsync(string container)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        CommandResult probe;
        while (!(probe = await ExecAsync(container, "healthcheck")).Succeeded && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.True(probe.Succeeded, $"{container}'s probe still fails: {probe.Output}{probe.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in Enumerable.Reverse(_containers))
        {
            // --volumes: the anonymous volumes the postgres and redis images declare go with their containers.
            await Docker.TryRunAsync("rm", "--force", "--volumes", container);
        }

        if (_networkCreated)
        {
            await Docker.TryRunAsync("network", "rm", Network);
        }
    }

    private async Task StartAsync(string name, string[] options, string image, params string[] command)
    {
        _containers.Add(name);
        await Docker.RunAsync(["run", "--detach", "--name", name, "--network", Network, .. options, image, .. command]);
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
