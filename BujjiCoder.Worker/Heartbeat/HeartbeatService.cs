using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BujjiCoder.Worker.Heartbeat;

/// <summary>
/// Proves on a timer that the worker can reach its dependencies: it records its heartbeat in the
/// database and in Redis, and counts each beat in the <c>bujji.worker.heartbeats</c> metric
/// (tagged with the outcome) so a dashboard or alert sees a worker that stopped working.
/// </summary>
internal sealed partial class HeartbeatService(
    IServiceScopeFactory scopes,
    IOptions<HeartbeatOptions> options,
    HeartbeatState state,
    IMeterFactory meterFactory,
    TimeProvider time,
    ILogger<HeartbeatService> logger,
    IConnectionMultiplexer? redis = null) : BackgroundService
{
    public const string MeterName = "BujjiCoder.Worker";

    private readonly Counter<long> _beats = meterFactory.Create(MeterName).CreateCounter<long>(
        "bujji.worker.heartbeats", unit: "{beat}", description: "Heartbeats of the worker, by outcome.");

    private readonly DateTime _startedAt = time.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
                state.Succeeded(time.GetUtcNow());
                _beats.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _beats.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
                LogBeatFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var row = await db.ServiceHeartbeats.SingleOrDefaultAsync(h => h.InstanceId == state.InstanceId, cancellationToken);
            if (row is null)
            {
                row = new ServiceHeartbeat { InstanceId = state.InstanceId, Service = ServiceHeartbeat.WorkerService, Version = state.Version, StartedAt = _startedAt };
                db.ServiceHeartbeats.Add(row);
            }

            row.LastSeenAt = now;
            row.Beats++;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (redis is not null)
        {
            var ttl = options.Value.Interval * options.Value.MissedBeatsBeforeUnhealthy;
            await redis.GetDatabase().StringSetAsync($"bujji:heartbeat:{state.InstanceId}", now.ToString("O"), ttl);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Worker heartbeat failed")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
