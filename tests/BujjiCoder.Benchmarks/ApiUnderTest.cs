using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.AppHost.Infrastructure;
using BujjiCoder.Testing;

namespace BujjiCoder.Benchmarks;

internal sealed record Session(string AccessToken, string PersonalAccessToken);

/// <summary>
/// The Api as a Production process on a fresh PostgreSQL and Redis, with a bootstrapped administrator, and a Worker
/// process beside it to run import jobs.
/// </summary>
internal sealed class ApiUnderTest : IAsyncDisposable
{
    private const string AdminEmail = "bench-admin@example.test";
    private const string AdminPassword = "benchmark administrator passphrase";

    private readonly TestInfrastructure _infrastructure;
    private readonly Dictionary<string, string?> _environment;
    private readonly List<(ServerProcess Process, HttpClient Client)> _replicas = [];
    private readonly List<WorkerProcess> _extraWorkers = [];
    private WorkerProcess? _worker;

    private ApiUnderTest(TestInfrastructure infrastructure, Dictionary<string, string?> environment)
    {
        _infrastructure = infrastructure;
        _environment = environment;
    }

    /// <summary>The first Api process.</summary>
    public HttpClient Client => _replicas[0].Client;

    public RedisServer Redis => _infrastructure.Redis;

    /// <summary>The Api processes' ids, first replica first (for their memory in /proc).</summary>
    public IReadOnlyList<int> ReplicaProcessIds => [.. _replicas.Select(replica => replica.Process.Id)];

    /// <summary>The services' environment (database, cache, settings), for another process on the same infrastructure.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    public static async Task<ApiUnderTest> StartAsync(IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var infrastructure = new TestInfrastructure();
        await infrastructure.InitializeAsync();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            ["Auth__Bootstrap__AdminEmail"] = AdminEmail,
            ["Auth__Bootstrap__AdminPassword"] = AdminPassword,
            ["Logging__LogLevel__Default"] = "Warning",
            // Benchmarks of other paths would measure the limiter too, and be refused by it; the rate-limit one turns it on.
            ["RateLimiting__Enabled"] = "false",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var api = new ApiUnderTest(infrastructure, environment);
        await api.StartReplicaAsync();
        api._worker = await WorkerProcess.StartAsync(environment);
        return api;
    }

    /// <summary>Starts another Api process on the same database and Redis (settings on top of the first one's) and returns its client.</summary>
    public async Task<HttpClient> StartReplicaAsync(IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var port = LocalServers.FreePort();
        var environment = new Dictionary<string, string?>(_environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = ServerProcess.StartProject("BujjiCoder.Api", [], environment);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        _replicas.Add((process, client));
        await process.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
        return client;
    }

    /// <summary>
    /// Stops the Worker process (gracefully) and starts another on the same settings (with <paramref name="extraEnvironment"/>
    /// on top, e.g. a feature flag of the Worker's own), which runs any slot nobody has claimed.
    /// </summary>
    public async Task RestartWorkerAsync(IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        _worker = await WorkerProcess.StartAsync(WorkerEnvironment(extraEnvironment));
    }

    /// <summary>One more Worker replica beside the first (same settings, <paramref name="extraEnvironment"/> on top), until <see cref="StopExtraWorkersAsync"/>.</summary>
    public async Task StartExtraWorkerAsync(IReadOnlyDictionary<string, string?>? extraEnvironment = null) =>
        _extraWorkers.Add(await WorkerProcess.StartAsync(WorkerEnvironment(extraEnvironment)));

    public async Task StopExtraWorkersAsync()
    {
        foreach (var worker in _extraWorkers)
        {
            await worker.DisposeAsync();
        }

        _extraWorkers.Clear();
    }

    private Dictionary<string, string?> WorkerEnvironment(IReadOnlyDictionary<string, string?>? extraEnvironment)
    {
        var environment = new Dictionary<string, string?>(_environment);
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public HttpRequestMessage LoginRequest() =>
        new(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { userNameOrEmail = AdminEmail, password = AdminPassword }) };

    public HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async Task<Session> SignInAsync()
    {
        using var login = await Client.SendAsync(LoginRequest());
        var accessToken = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var create = Authorized(HttpMethod.Post, "/api/v1/me/tokens", accessToken);
        create.Content = JsonContent.Create(new { name = "bench", scopes = new[] { "read" } });
        using var created = await Client.SendAsync(create);
        var token = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return new Session(accessToken, token);
    }

    /// <summary>Stops the Api replicas and the Worker (gracefully), leaving PostgreSQL and Redis running.</summary>
    public async Task StopServicesAsync()
    {
        await StopExtraWorkersAsync();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        foreach (var (process, client) in _replicas)
        {
            client.Dispose();
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServicesAsync();
        await _infrastructure.DisposeAsync();
    }
}
