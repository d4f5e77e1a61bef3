using System.Diagnostics.Metrics;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The backup meters on the Worker's meter, for dashboards and the alerts on a stale or unverified backup. The two time
/// gauges are read from <c>database_backups</c> (at most every half minute), so they are right after a restart and on
/// every replica, whichever took the backup.
/// </summary>
internal sealed class BackupMetrics
{
    private static readonly TimeSpan GaugeCacheTime = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Histogram<long> _size;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _verifications;
    private readonly Lock _lock = new();
    private (DateTime ReadAt, long? Stored, long? Verified) _times;

    public BackupMetrics(IMeterFactory meterFactory, IServiceScopeFactory scopes, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
        var meter = meterFactory.Create(Heartbeat.HeartbeatService.MeterName);
        _size = meter.CreateHistogram<long>("bujji.worker.backup.size", unit: "By", description: "Size of each backup as stored (compressed, and encrypted when a key is set).");
        _duration = meter.CreateHistogram<double>("bujji.worker.backup.duration", unit: "s", description: "How long backups take, by stage: backup (dump, pack, store) or verify (download, restore, compare).");
        _verifications = meter.CreateCounter<long>("bujji.worker.backup.verifications", unit: "{backup}", description: "Backups verified by a restore, by outcome: verified or failed.");
        meter.CreateObservableGauge("bujji.worker.backup.last_success_time", () => Gauge(t => t.Stored), unit: "s",
            description: "When the newest backup stored in its destinations was taken (Unix seconds); absent before the first.");
        meter.CreateObservableGauge("bujji.worker.backup.last_verified_time", () => Gauge(t => t.Verified), unit: "s",
            description: "When the newest verified backup was verified (Unix seconds); absent before the first.");
    }

    public void Stored(long sizeBytes, TimeSpan duration)
    {
        _size.Record(sizeBytes);
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", "backup"));
        Invalidate();
    }

    public void Verified(bool verified, TimeSpan duration)
    {
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", "verify"));
        _verifications.Add(1, new KeyValuePair<string, object?>("outcome", verified ? "verified" : "failed"));
        Invalidate();
    }

    private void Invalidate()
    {
        lock (_lock)
        {
            _times = default;
        }
    }

    private IEnumerable<Measurement<long>> Gauge(Func<(DateTime ReadAt, long? Stored, long? Verified), long?> select)
    {
        var value = select(Times());
        return value is { } seconds ? [new Measurement<long>(seconds)] : [];
    }

    private (DateTime, long?, long?) Times()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            if (_times.ReadAt != default && now - _times.ReadAt < GaugeCacheTime)
            {
                return _times;
            }
        }

        try
        {
            // Observable callbacks are synchronous; this is two indexed MAX queries every export interval.
            using var scope = _scopes.CreateScope();
            var backups = scope.ServiceProvider.GetRequiredService<BujjiDbContext>().DatabaseBackups.AsNoTracking();
            var stored = backups.Max(b => (DateTime?)b.CreatedAt);
            var verified = backups.Where(b => b.Verification == "verified").Max(b => b.VerifiedAt);
            var times = (now, Unix(stored), Unix(verified));
            lock (_lock)
            {
                _times = times;
            }

            return times;
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.Data.Common.DbException)
        {
            // A database that cannot answer now gives no reading, which an alert on staleness treats as stale.
            return (now, null, null);
        }
    }

    private static long? Unix(DateTime? time) =>
        time is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeSeconds() : null;
}
