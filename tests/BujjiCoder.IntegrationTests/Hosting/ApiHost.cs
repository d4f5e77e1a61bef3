using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.Extensions.Time.Testing;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The Api in process (its Program, middleware, migrations and health checks) as a <see cref="TestHost"/> describes it.
/// Build one for a single test with <see cref="TestHost.BuildApiAsync"/>; a class fixture derives from it with a preset
/// (HostFixtures.cs), and xunit builds it once for the classes that use it.
/// </summary>
public class ApiHost(TestHost recipe) : IAsyncLifetime
{
    private HostResources? _resources;
    private ServiceFactory<Program>? _factory;
    private WorkerHost? _worker;

    public ServiceFactory<Program> Factory => _factory ?? throw NotBuilt();

    /// <summary>The Worker beside this Api (<see cref="TestHost.WithWorker"/>).</summary>
    public WorkerHost Worker => _worker ?? throw new InvalidOperationException("No Worker: build with WithWorker.");

    /// <summary>Server mode: the connection string of the host's PostgreSQL database.</summary>
    public string DatabaseConnectionString => Resources.DatabaseConnectionString ?? throw new InvalidOperationException("Embedded mode has no database server.");

    /// <summary>Embedded mode: where the SQLite file is.</summary>
    public string DataDirectory => Resources.DataDirectory ?? throw new InvalidOperationException("Server mode has no data directory.");

    public FakeLlmServer Llm => Resources.Llm ?? throw new InvalidOperationException("No fake LLM: build with WithFakeLlm.");

    public LogRecorder Logs => Resources.Logs ?? throw new InvalidOperationException("No logs kept: build with CollectLogs.");

    public FakeTimeProvider Clock => recipe.Clock ?? throw new InvalidOperationException("No clock: build with WithClock.");

    /// <summary>The management port's address (<see cref="TestHost.WithManagementPort"/>).</summary>
    public Uri ManagementAddress => recipe.ManagementPort is { } port
        ? new Uri($"http://127.0.0.1:{port}")
        : throw new InvalidOperationException("No management port: build with WithManagementPort.");

    /// <summary>What <c>/api/v1/info</c> must report in this host's runtime mode.</summary>
    public string ExpectedMode => recipe.Infrastructure is null ? "embedded" : "server";

    public string ExpectedDatabase => recipe.Infrastructure is null ? "sqlite" : "postgresql";

    public string ExpectedCache => recipe.Infrastructure is not null && recipe.UsesRedis ? "redis" : "memory";

    internal TestHost Recipe => recipe;

    private HostResources Resources => _resources ?? throw NotBuilt();

    public async ValueTask InitializeAsync()
    {
        _resources = await recipe.PrepareAsync();
        _factory = new ServiceFactory<Program>(recipe.Environment, _resources.Settings, _resources.ConfigureServices);
        if (recipe.ServedByKestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
            if (recipe.ManagementPort is { } management)
            {
                // Clients talk to the public port; the factory may have picked the management one.
                var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
                _factory.ClientOptions.BaseAddress = new Uri(addresses.Select(address => new Uri(address)).First(address => address.Port != management).ToString());
            }
        }

        if (recipe.RunsWorker)
        {
            // The Api migrates the database as it starts; the Worker waits for that.
            _ = _factory.Services;
            _worker = await recipe.WorkerBeside(this).BuildWorkerAsync();
            await _worker.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_resources is not null)
        {
            await _resources.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static InvalidOperationException NotBuilt() => new("Not built yet.");
}
