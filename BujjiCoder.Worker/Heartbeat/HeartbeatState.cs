using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Heartbeat;

/// <summary>This worker instance's identity, when it started and its last successful beat, shared by the service and its health check.</summary>
internal sealed class HeartbeatState(TimeProvider time)
{
    private long _lastSuccessTicks;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>
    /// Unique per running replica: host name and process id say where it runs, and a random part tells apart two hosts
    /// in one process. Import jobs name their claimant by it.
    /// </summary>
    public string InstanceId { get; } = $"worker/{Environment.MachineName}/{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    public string Version { get; } =
        typeof(HeartbeatState).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public DateTimeOffset? LastSuccess =>
        Interlocked.Read(ref _lastSuccessTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Succeeded(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);
}

/// <summary>
/// Unhealthy once the worker has missed several beats in a row. A worker that has only just started has missed none:
/// it is healthy ("starting") until its first beat is that late, so a normal start shows no failure.
/// </summary>
internal sealed class HeartbeatHealthCheck(HeartbeatState state, IOptions<HeartbeatOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var allowed = options.Value.Interval * options.Value.MissedBeatsBeforeUnhealthy;
        var since = state.LastSuccess ?? state.StartedAt;
        var result = (time.GetUtcNow() - since <= allowed, state.LastSuccess is null) switch
        {
            (true, false) => HealthCheckResult.Healthy(),
            (true, true) => HealthCheckResult.Healthy("starting: no beat yet"),
            (false, false) => HealthCheckResult.Unhealthy($"no successful beat since {since:O}"),
            (false, true) => HealthCheckResult.Unhealthy($"no successful beat since the start at {since:O}"),
        };
        return Task.FromResult(result);
    }
}
