using System.Diagnostics.Metrics;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// What operators ask while PostgreSQL is away: is the Api refusing database work (<c>bujji.database.circuit.state</c>), and
/// how many requests it answered 503 for it (<c>bujji.database.unavailable</c>).
/// </summary>
internal sealed class DatabaseMetrics
{
    public const string MeterName = "BujjiCoder.Api.Database";

    private readonly Counter<long> _unavailable;

    public DatabaseMetrics(IMeterFactory meterFactory, DatabaseCircuit circuit)
    {
        var meter = meterFactory.Create(MeterName);
        _unavailable = meter.CreateCounter<long>("bujji.database.unavailable", "{request}",
            "Requests answered 503 because the database was not available.");
        meter.CreateObservableGauge("bujji.database.circuit.state", () => circuit.IsOpen ? 1 : 0,
            description: "1 while connection attempts to the database are paused after a failure, else 0.");
    }

    public void RecordUnavailable() => _unavailable.Add(1);
}
