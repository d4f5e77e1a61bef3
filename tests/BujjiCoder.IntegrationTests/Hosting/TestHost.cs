using BujjiCoder.Testing.FakeLlm;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// What a test wants of a service: its database, environment, settings, services and the loopback stand-ins beside it.
/// Settings are configuration keys, as an operator sets them, and a later key wins (a stand-in's address is added when it
/// starts). Build the Api with
/// <see cref="BuildApiAsync"/> or a Worker with <see cref="BuildWorkerAsync"/>; <see cref="HostPresets"/> names the
/// combinations the suites share. The service itself starts on first use of its factory, as WebApplicationFactory does.
/// </summary>
public sealed class TestHost
{
    public const string AdminEmail = "root-admin@example.test";
    public const string AdminPassword = "the first administrator's passphrase";

    private readonly Dictionary<string, string?> _settings = [];
    private readonly List<Action<IServiceCollection>> _services = [];

    private TestHost(TestInfrastructure? infrastructure, string? dataDirectory)
    {
        Infrastructure = infrastructure;
        DataDirectory = dataDirectory;
    }

    /// <summary>The shared PostgreSQL and Redis; null in embedded mode.</summary>
    internal TestInfrastructure? Infrastructure { get; }

    /// <summary>The SQLite directory in embedded mode: the test's own, or (when null) a temporary one per host.</summary>
    internal string? DataDirectory { get; }

    /// <summary>An existing PostgreSQL database, or (when null) a new one per host.</summary>
    internal string? Database { get; private set; }

    internal bool UsesRedis { get; private set; } = true;

    internal string Environment { get; private set; } = "Testing";

    internal string? FakeLlmProvider { get; private set; }

    internal string? FakeLlmApiKey { get; private set; }

    internal ClamdFixture? Clamd { get; private set; }

    internal bool CollectsLogs { get; private set; }

    internal bool ServedByKestrel { get; private set; }

    internal FakeTimeProvider? Clock { get; private set; }

    internal bool RunsWorker { get; private set; }

    /// <summary>The management port (<see cref="WithManagementPort"/>), where the Prometheus scrape endpoint answers.</summary>
    internal int? ManagementPort { get; private set; }

    /// <summary>Server mode: a database of its own on the run's PostgreSQL, and the run's Redis.</summary>
    public static TestHost Postgres(TestInfrastructure infrastructure) => new(infrastructure, null);

    /// <summary>Embedded mode: a SQLite file (in <paramref name="dataDirectory"/>, or a temporary directory) and the memory cache.</summary>
    public static TestHost Sqlite(string? dataDirectory = null) => new(null, dataDirectory);

    /// <summary>
    /// Another service on <paramref name="api"/>'s database (and the run's Redis, when the Api uses it): a Worker beside it,
    /// or another Api replica.
    /// </summary>
    public static TestHost Beside(ApiHost api)
    {
        // The Api migrates as it starts, and it starts lazily; a service beside it waits for that schema, so an Api nobody
        // has called yet would leave it waiting for ever.
        _ = api.Factory.Services;
        var recipe = api.Recipe;
        if (recipe.Infrastructure is null)
        {
            return Sqlite(api.DataDirectory);
        }

        var beside = Postgres(recipe.Infrastructure).OnDatabase(api.DatabaseConnectionString);
        return recipe.UsesRedis ? beside : beside.WithoutRedis();
    }

    /// <summary>An existing PostgreSQL database (the test made it, or another service uses it) instead of a new one.</summary>
    public TestHost OnDatabase(string connectionString)
    {
        Database = Infrastructure is not null ? connectionString : throw new InvalidOperationException("Only server mode has a database server.");
        return this;
    }

    /// <summary>No cache connection string: the service falls back to its memory cache.</summary>
    public TestHost WithoutRedis()
    {
        UsesRedis = false;
        return this;
    }

    public TestHost InEnvironment(string environment)
    {
        Environment = environment;
        return this;
    }

    public TestHost With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public TestHost WithSettings(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        return this;
    }

    /// <summary>Services registered after the service's own, in the order given (so they replace its registrations).</summary>
    public TestHost WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public TestHost WithRegistration(string mode) => With("Auth:RegistrationMode", mode);

    public TestHost WithOpenRegistration() => WithRegistration("Open");

    /// <summary>An administrator named in configuration (<see cref="AdminEmail"/>), as an operator bootstraps one.</summary>
    public TestHost WithBootstrappedAdmin() =>
        With("Auth:Bootstrap:AdminEmail", AdminEmail).With("Auth:Bootstrap:AdminPassword", AdminPassword);

    /// <summary>An OpenAI-compatible provider at <paramref name="endpoint"/>; nothing answers there unless the test makes it.</summary>
    public TestHost WithProvider(string name, string endpoint, string apiKey) => WithSettings(ProviderSettings(name, endpoint, apiKey));

    /// <summary>
    /// The fake LLM server on loopback, started with the host (read it as <see cref="ApiHost.Llm"/>), as the OpenAI-compatible
    /// provider <paramref name="provider"/>. Circuit breakers are per provider name and process-wide, so a suite whose
    /// failures must not open another's breaker takes a name of its own.
    /// </summary>
    public TestHost WithFakeLlm(string provider, string apiKey)
    {
        FakeLlmProvider = provider;
        FakeLlmApiKey = apiKey;
        return this;
    }

    /// <summary>Upload scanning through the run's real clamd, started by the first host that asks for it.</summary>
    public TestHost WithClamAv(ClamdFixture clamd)
    {
        Clamd = clamd;
        return this;
    }

    /// <summary>Requests from <see cref="ClientAddress.Address"/>: the in-memory test server has no socket of its own.</summary>
    public TestHost WithClientAddress() => WithServices(ClientAddress.Add);

    /// <summary>
    /// One clock the test moves for the whole service: its TimeProvider, and the access-token lifetime check, which otherwise
    /// reads the system clock and would refuse tokens issued on the moved clock. Same rule, other clock: not before and
    /// expiry, each with the configured skew.
    /// </summary>
    public TestHost WithClock(FakeTimeProvider clock)
    {
        Clock = clock;
        return WithServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                var skew = jwt.TokenValidationParameters.ClockSkew;
                jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return expires is { } end && end + skew > now && (notBefore is not { } start || start - skew <= now);
                };
            });
        });
    }

    /// <summary>Every log record at every level, kept as text (read it as <see cref="ApiHost.Logs"/>).</summary>
    public TestHost CollectLogs()
    {
        CollectsLogs = true;
        return this;
    }

    /// <summary>
    /// A real Kestrel listener on a free loopback port instead of the in-memory test server, started at once: body sizes and
    /// header limits are Kestrel's, and only a real server enforces them.
    /// </summary>
    public TestHost OverKestrel()
    {
        ServedByKestrel = true;
        return this;
    }

    /// <summary>
    /// A management port on a free loopback port, over Kestrel (the in-memory test server has no ports to tell apart), and
    /// health checks published at once, so the readiness gauge has a value by the first scrape.
    /// </summary>
    public TestHost WithManagementPort()
    {
        ManagementPort = BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();
        return OverKestrel()
            .With("Management:Port", ManagementPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("HealthChecks:PublishDelay", "00:00:00.100")
            .With("HealthChecks:PublishPeriod", "00:00:01");
    }

    /// <summary>
    /// A Worker beside the Api, on its database with the same settings (workspace limits, clamd), to run the import jobs
    /// the Api stores. The Api host starts it once the Api has migrated, and is handed out after the Worker's first
    /// heartbeat (an embedded Api leaves large imports to a Worker only when it has heard from one).
    /// </summary>
    public TestHost WithWorker()
    {
        RunsWorker = true;
        return this;
    }

    public async Task<ApiHost> BuildApiAsync()
    {
        var host = new ApiHost(this);
        await host.InitializeAsync();
        return host;
    }

    public async Task<WorkerHost> BuildWorkerAsync()
    {
        var host = new WorkerHost(this);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>The Worker an Api host built <see cref="WithWorker"/> runs beside itself: its database, environment and settings.</summary>
    internal TestHost WorkerBeside(ApiHost api)
    {
        // Polling often keeps tests that follow a job quick.
        var worker = Beside(api).InEnvironment(Environment).With("Worker:Imports:PollInterval", "00:00:00.100").WithSettings(_settings);
        worker.Clamd = Clamd;
        return worker;
    }

    /// <summary>Makes what the service needs before it can be configured: its database or directory and its stand-ins.</summary>
    internal async Task<HostResources> PrepareAsync()
    {
        var resources = new HostResources();
        try
        {
            if (Infrastructure is not null)
            {
                resources.DatabaseConnectionString = Database ?? await Infrastructure.Postgres.CreateDatabaseAsync();
                resources.Settings["ConnectionStrings:bujjidb"] = resources.DatabaseConnectionString;
                if (UsesRedis)
                {
                    resources.Settings["ConnectionStrings:cache"] = Infrastructure.Redis.ConnectionString;
                }
            }
            else
            {
                resources.DataDirectory = DataDirectory ?? resources.OwnDirectory().Path;
                resources.Settings["Database:DataDirectory"] = resources.DataDirectory;
            }

            resources.Add(_settings);

            if (FakeLlmProvider is not null)
            {
                resources.Llm = await FakeLlmServer.StartAsync();
                resources.Add(ProviderSettings(FakeLlmProvider, new Uri(resources.Llm.BaseUrl, "v1").ToString(), FakeLlmApiKey!));
            }

            if (Clamd is not null)
            {
                resources.Add((await Clamd.GetAsync()).ApiSettings);
            }

            resources.Services.AddRange(_services);
            if (CollectsLogs)
            {
                var logs = resources.Logs = new LogRecorder();
                resources.Services.Add(services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
            }

            return resources;
        }
        catch
        {
            await resources.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string?> ProviderSettings(string name, string endpoint, string apiKey) => new()
    {
        [$"Llm:Providers:{name}:Kind"] = "OpenAICompatible",
        [$"Llm:Providers:{name}:Endpoint"] = endpoint,
        [$"Llm:Providers:{name}:ApiKey"] = apiKey,
    };
}
