using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>An Api instance in one runtime mode, with what <c>/api/v1/info</c> must then report.</summary>
public interface IApiHost
{
    ServiceFactory<Program> Factory { get; }

    string ExpectedMode { get; }

    string ExpectedDatabase { get; }

    string ExpectedCache { get; }
}

/// <summary>The Api on the shared PostgreSQL (a database of its own) and Redis.</summary>
public sealed class PostgresApiHost : IApiHost, IAsyncLifetime
{
    private readonly TestInfrastructure _infrastructure;
    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;
    private readonly Action<IServiceCollection>? _configureServices;
    private ServiceFactory<Program>? _factory;

    /// <summary>The class-fixture form: the Testing environment, no extra settings.</summary>
    public PostgresApiHost(TestInfrastructure infrastructure)
        : this(infrastructure, "Testing", null, null)
    {
    }

    private PostgresApiHost(
        TestInfrastructure infrastructure,
        string environment,
        IReadOnlyDictionary<string, string?>? extraSettings,
        Action<IServiceCollection>? configureServices)
    {
        _infrastructure = infrastructure;
        _environment = environment;
        _extraSettings = extraSettings ?? new Dictionary<string, string?>();
        _configureServices = configureServices;
    }

    public ServiceFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public string DatabaseConnectionString { get; private set; } = string.Empty;

    public string ExpectedMode => "server";

    public string ExpectedDatabase => "postgresql";

    public string ExpectedCache => "redis";

    /// <summary>A host of its own for one test, with settings that differ from the shared fixture's.</summary>
    public static async Task<PostgresApiHost> StartAsync(
        TestInfrastructure infrastructure,
        string environment = "Testing",
        IReadOnlyDictionary<string, string?>? extraSettings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var host = new PostgresApiHost(infrastructure, environment, extraSettings, configureServices);
        await host.InitializeAsync();
        return host;
    }

    public async ValueTask InitializeAsync()
    {
        DatabaseConnectionString = await _infrastructure.Postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:bujjidb"] = DatabaseConnectionString,
            ["ConnectionStrings:cache"] = _infrastructure.Redis.ConnectionString,
        };
        foreach (var (key, value) in _extraSettings)
        {
            settings[key] = value;
        }

        _factory = new ServiceFactory<Program>(_environment, settings, _configureServices);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

/// <summary>The Api in embedded mode: a SQLite file in a temporary directory, memory cache.</summary>
public sealed class SqliteApiHost : IApiHost, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-sqlite");

    public SqliteApiHost() => Factory = Create(_directory.Path);

    public ServiceFactory<Program> Factory { get; }

    public string DataDirectory => _directory.Path;

    public string ExpectedMode => "embedded";

    public string ExpectedDatabase => "sqlite";

    public string ExpectedCache => "memory";

    public static ServiceFactory<Program> Create(string dataDirectory, string environment = "Testing", Action<IServiceCollection>? configureServices = null) =>
        new(environment, new Dictionary<string, string?> { ["Database:DataDirectory"] = dataDirectory }, configureServices);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _directory.Dispose();
    }
}
