using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BujjiCoder.ServiceDefaults.Telemetry;

/// <summary>
/// Readiness as gauges, so an alert needs no HTTP probe of its own: <c>bujji.health.ready</c> is 1 while every check
/// passes (healthy or degraded, as <c>/health/ready</c> answers 200), else 0; <c>bujji.health.check</c> says the same per
/// check. Fed by the health check publisher, which runs the checks every <c>HealthChecks:PublishPeriod</c>.
/// </summary>
internal sealed class ReadinessMetrics : IHealthCheckPublisher
{
    public const string MeterName = "BujjiCoder.Health";

    private readonly ConcurrentDictionary<string, int> _checks = new();
    private int? _ready;

    public ReadinessMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("bujji.health.ready", () => _ready is { } ready ? [new Measurement<int>(ready)] : Array.Empty<Measurement<int>>(),
            description: "1 while every readiness check of this service passes, else 0.");
        meter.CreateObservableGauge("bujji.health.check",
            () => _checks.Select(check => new Measurement<int>(check.Value, new KeyValuePair<string, object?>("check", check.Key))),
            description: "1 while the named health check passes (healthy or degraded), else 0.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            _checks[name] = Passes(entry.Status);
        }

        _ready = Passes(report.Status);
        return Task.CompletedTask;
    }

    private static int Passes(HealthStatus status) => status == HealthStatus.Unhealthy ? 0 : 1;
}
