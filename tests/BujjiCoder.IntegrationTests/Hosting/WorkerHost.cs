extern alias worker;

using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using worker::BujjiCoder.Worker.Heartbeat;
using worker::BujjiCoder.Worker.Imports;
using WorkerProgram = worker::Program;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The Worker in process, as a <see cref="TestHost"/> describes it: <c>TestHost.Beside(api)</c> puts it on an Api's
/// database and cache, so a test can run the Api and one or more Worker replicas on one database.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly TestHost _recipe;
    private HostResources? _resources;
    private ServiceFactory<WorkerProgram>? _factory;

    internal WorkerHost(TestHost recipe) => _recipe = recipe;

    public ServiceFactory<WorkerProgram> Factory => _factory ?? throw new InvalidOperationException("Not built yet.");

    public string DatabaseConnectionString => _resources?.DatabaseConnectionString ?? throw new InvalidOperationException("No database server.");

    /// <summary>The management port's address (<see cref="TestHost.WithManagementPort"/>).</summary>
    public Uri ManagementAddress => _recipe.ManagementPort is { } port
        ? new Uri($"http://127.0.0.1:{port}")
        : throw new InvalidOperationException("No management port: build with WithManagementPort.");

    /// <summary>What this replica writes into an import job's <c>ClaimedBy</c> (asking starts the Worker).</summary>
    public string InstanceId => Factory.Services.GetRequiredService<HeartbeatState>().InstanceId;

    /// <summary>For tests that claim and run import jobs by hand: the replica claims none by itself.</summary>
    public static void ClaimingNoJobs(IServiceCollection services) =>
        services.Remove(services.Single(service => service.ImplementationType == typeof(ImportJobService)));

    /// <summary>
    /// Starts the Worker (its Api must have migrated the database, or it waits) and returns once its first heartbeat is in
    /// the database, where an embedded Api looks for one.
    /// </summary>
    public async Task StartAsync()
    {
        var services = await Task.Run(() => Factory.Services);
        var instanceId = InstanceId;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ServiceHeartbeats.AnyAsync(h => h.InstanceId == instanceId))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Worker {instanceId} did not beat within 30 seconds.");
            }

            await Task.Delay(50);
        }
    }

    internal async ValueTask InitializeAsync()
    {
        _resources = await _recipe.PrepareAsync();
        _factory = new ServiceFactory<WorkerProgram>(_recipe.Environment, _resources.Settings, _resources.ConfigureServices);
        if (_recipe.ServedByKestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_resources is not null)
        {
            await _resources.DisposeAsync();
        }
    }
}
