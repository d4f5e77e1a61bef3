using System.Security.Cryptography;
using BujjiCoder.AppHost.Infrastructure;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Hosting;

/// <summary>
/// Everything a journey drives, started once per run (an assembly fixture): PostgreSQL and Redis, the fake LLM on
/// loopback, the Api and a Worker as real Production processes, nginx serving the web build with the production server block,
/// and one headless Debian chromium. Each journey gets a fresh browser context of its own.
/// </summary>
public sealed class EndToEndApp : IAsyncLifetime
{
    public const string ModelId = "fake-chat";
    public const string ProviderName = "fakellm";
    private const string SemanticSearchFlag = "FeatureManagement__SemanticSearch";

    private readonly TestInfrastructure _infrastructure = new();
    private ServerProcess? _api;
    private WorkerProcess? _worker;
    private Dictionary<string, string?> _apiEnvironment = [];
    private NginxBalancer? _nginx;
    private Chromium? _chromium;

    /// <summary>The site as a user reaches it: nginx, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => _nginx?.BaseUrl ?? throw new InvalidOperationException("Not started.");

    /// <summary>The Api directly, for arranging data a journey is not about (through <see cref="BujjiApi"/>).</summary>
    public Uri ApiUrl { get; private set; } = null!;

    public FakeLlmServer Llm { get; private set; } = null!;

    /// <summary>The administrator created at start-up from Auth:Bootstrap, as production creates its first one.</summary>
    public TestUser Admin { get; } = new("e2e-admin", "e2e-admin@example.test", "end-to-end administrator passphrase");

    public IBrowser Browser => _chromium?.Browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>The Api's own log so far, for failure messages.</summary>
    public string ApiOutput => _api?.Output ?? "";

    public string NginxOutput => _nginx?.Output ?? "";

    /// <summary>The Worker's own log so far, for failure messages.</summary>
    public string WorkerOutput => _worker?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        // First, so a missing build fails in one line before anything starts.
        var webRoot = WebDist.Require();
        Budgets.Reset();
        // Each run's screenshots alone: a journey renamed or removed leaves no stale folder behind.
        if (Directory.Exists(Journey.ScreenshotRoot))
        {
            Directory.Delete(Journey.ScreenshotRoot, recursive: true);
        }

        try
        {
            var browser = Chromium.LaunchAsync();
            await _infrastructure.InitializeAsync();
            Llm = await FakeLlmServer.StartAsync();
            await StartApiAsync();
            await StartWorkerAsync();
            _nginx = await NginxBalancer.StartAsync([ApiUrl], webRoot);
            _chromium = await browser;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A new browser context (own cookies, storage and cache: a first visit) at the site, laptop-sized.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl.ToString(),
        ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        Locale = "en-GB",
        TimezoneId = "UTC",
        ColorScheme = ColorScheme.Light,
        // The app honours reduced motion, so axe never measures a notification half faded in or out.
        ReducedMotion = ReducedMotion.Reduce,
    });

    /// <summary>A client of the Api, for arranging users and data that a journey is not about.</summary>
    public BujjiApi Api() => new(ApiUrl);

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        await _infrastructure.DisposeAsync();
    }

    /// <summary>
    /// Stops the Api process, runs <paramref name="whileDown"/>, and starts it again on the same port with the same
    /// settings (same database and signing key, so sessions survive), waiting until it is ready.
    /// </summary>
    public async Task WithApiDownAsync(Func<Task> whileDown)
    {
        await _api!.DisposeAsync();
        _api = null;
        try
        {
            await whileDown();
        }
        finally
        {
            await LaunchApiAsync();
        }
    }

    private async Task StartApiAsync()
    {
        var port = LocalServers.FreePort();
        ApiUrl = new Uri($"http://127.0.0.1:{port}/");
        // Production, as it ships: JSON logs, strict secrets, no Development conveniences. The first administrator
        // therefore comes from Auth:Bootstrap (FirstUserBecomesAdmin is refused outside Development), and
        // registration is opened explicitly because the register journey is one of the things under test.
        _apiEnvironment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = ApiUrl.ToString().TrimEnd('/'),
            ["ConnectionStrings__bujjidb"] = await _infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = _infrastructure.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Auth__RegistrationMode"] = "Open",
            ["Auth__Bootstrap__AdminUserName"] = Admin.UserName,
            ["Auth__Bootstrap__AdminEmail"] = Admin.Email,
            ["Auth__Bootstrap__AdminPassword"] = Admin.Password,
            // One browser on one address plays every user of the run: the per-IP quotas for anonymous and sign-in
            // requests would otherwise count all journeys' sign-ins as one client's. Every other quota is as shipped.
            ["RateLimiting__Anonymous__PermitLimit"] = "10000",
            ["RateLimiting__Groups__auth__PermitLimit"] = "10000",
            // Archives over 64 KB become import jobs (the shipped threshold is 4 MB), so the import journey follows a
            // job's progress with an archive small enough to build in a blink.
            ["Workspaces__SynchronousImportMaxBytes"] = "65536",
            ["Llm__Providers__" + ProviderName + "__Kind"] = "OpenAICompatible",
            ["Llm__Providers__" + ProviderName + "__Endpoint"] = new Uri(Llm.BaseUrl, "v1").ToString(),
            ["Llm__Providers__" + ProviderName + "__ApiKey"] = "sk-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["Llm__Models__0__Id"] = ModelId,
            ["Llm__Models__0__Provider"] = ProviderName,
            ["Llm__Models__0__UpstreamModel"] = "upstream-fake-chat",
            ["Llm__Models__0__ContextWindow"] = "16000",
            ["Llm__Models__0__MaxOutputTokens"] = "1000",
            ["Llm__Models__0__InputPricePerMillion"] = "3",
            ["Llm__Models__0__OutputPricePerMillion"] = "15",
            ["Llm__Resilience__BaseDelay"] = "00:00:00.010",
            // Shipped on, but off in every test process by default (indexing would take a core in each): on here, so the
            // search journey finds code by meaning with the local model and the Worker's indexer runs as in production.
            [SemanticSearchFlag] = "true",
        };
        await LaunchApiAsync();
    }

    /// <summary>
    /// A Worker on the Api's database, as every deployment has one: it runs the import jobs the Api stores (the import
    /// journey's archive is one). It stays up while <see cref="WithApiDownAsync"/> restarts the Api.
    /// </summary>
    private async Task StartWorkerAsync() =>
        _worker = await WorkerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = _apiEnvironment["ConnectionStrings__bujjidb"],
            ["ConnectionStrings__cache"] = _apiEnvironment["ConnectionStrings__cache"],
            [SemanticSearchFlag] = _apiEnvironment[SemanticSearchFlag],
        });

    private async Task LaunchApiAsync()
    {
        _api = ServerProcess.StartProject("BujjiCoder.Api", [], _apiEnvironment);
        using var client = new HttpClient { BaseAddress = ApiUrl };
        await _api.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
    }
}

/// <summary>An account the journeys sign in with.</summary>
public sealed record TestUser(string UserName, string Email, string Password)
{
    /// <summary>A fresh user name, e-mail and password, unique in the run.</summary>
    public static TestUser Create(string prefix)
    {
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        return new TestUser($"{prefix}-{suffix}", $"{prefix}-{suffix}@example.test", $"passphrase for {prefix} {suffix}");
    }
}
