using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Heartbeat;

/// <summary>This worker instance's identity and its last successful beat, shared by the service and its health check.</summary>
internal sealed class HeartbeatState
{
    private long _lastSuccessTicks;

    /// <summary>Unique per running process: container replicas differ by host name, local processes by id.</summary>
    public string InstanceId { get; } = $"worker/{Environment.MachineName}/{Environment.ProcessId}";

    public string Version { get; } =
        typeof(HeartbeatState).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public DateTimeOffset? LastSuccess =>
        Interlocked.Read(ref _lastSuccessTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Succeeded(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);
}

/// <summary>Unhealthy once the worker has missed several beats in a row (or never managed one).</summary>
internal sealed class HeartbeatHealthCheck(HeartbeatState state, IOptions<HeartbeatOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var allowed = options.Value.Interval * options.Value.MissedBeatsBeforeUnhealthy;
        var healthy = state.LastSuccess is { } last && time.GetUtcNow() - last <= allowed;
        return Task.FromResult(healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());
    }
}
