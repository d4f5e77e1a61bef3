extern alias worker;

using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using worker::BujjiCoder.Worker.Heartbeat;
using worker::BujjiCoder.Worker.Imports;
using WorkerProgram = worker::Program;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// A Worker replica in process beside an Api host, on the same database: it runs the import jobs the Api stores.
/// Give it the settings the two share (the database, <c>Workspaces:*</c> limits, clamd).
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private WorkerHost(ServiceFactory<WorkerProgram> factory, string instanceId)
    {
        Factory = factory;
        InstanceId = instanceId;
    }

    public ServiceFactory<WorkerProgram> Factory { get; }

    /// <summary>What the replica writes into a job's <c>ClaimedBy</c>.</summary>
    public string InstanceId { get; }

    /// <summary>Starts the Worker (its Api must have migrated the database) and waits for its first heartbeat, which an embedded Api looks for.</summary>
    public static async Task<WorkerHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?> { ["Worker:Imports:PollInterval"] = "00:00:00.100" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var factory = new ServiceFactory<WorkerProgram>("Testing", all, configureServices);
        var services = await Task.Run(() => factory.Services);
        var instanceId = services.GetRequiredService<HeartbeatState>().InstanceId;
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ServiceHeartbeats.AnyAsync(h => h.InstanceId == instanceId)
                || attempt == 300)
            {
                return new WorkerHost(factory, instanceId);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A Worker on the PostgreSQL database and Redis of <paramref name="api"/>, with <paramref name="settings"/> besides.</summary>
    public static async Task<WorkerHost> BesideAsync(
        PostgresApiHost api, TestInfrastructure infrastructure, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        // The Api migrates the database as it starts; the Worker waits for that.
        _ = api.Factory.Services;
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:bujjidb"] = api.DatabaseConnectionString,
            ["ConnectionStrings:cache"] = infrastructure.Redis.ConnectionString,
        };
        return await StartAsync(all, configureServices);
    }

    /// <summary>For tests that claim and run jobs by hand: the replica claims none by itself.</summary>
    public static void ClaimingNoJobs(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ImplementationType == typeof(ImportJobService)));

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
