using System.Collections.Concurrent;
using System.Globalization;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// Latencies and failures of one kind of user action across every simulated user: thread-safe, kept whole (a
/// scenario run holds some tens of thousands), so percentiles are exact rather than estimated.
/// </summary>
internal sealed class ActionLog(string name)
{
    private readonly ConcurrentBag<double> _latencies = [];
    private readonly ConcurrentDictionary<string, int> _failures = new();

    public string Name { get; } = name;

    public int Count => _latencies.Count;

    public int Errors => _failures.Values.Sum();

    public void Succeeded(double milliseconds) => _latencies.Add(milliseconds);

    /// <summary>A failed action: counted by its reason (status code or exception type), its time kept too.</summary>
    public void Failed(double milliseconds, string reason)
    {
        _latencies.Add(milliseconds);
        _failures.AddOrUpdate(reason, 1, (_, count) => count + 1);
    }

    public double Percentile(double p) => LoadRun.Percentile([.. _latencies.Order()], p);

    public string Describe()
    {
        var sorted = _latencies.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {LoadRun.Percentile(sorted, 0.50):0.0} / p95 {LoadRun.Percentile(sorted, 0.95):0.0} / p99 {LoadRun.Percentile(sorted, 0.99):0.0} ms, n={sorted.Length}, errors {Errors}");
    }

    /// <summary>The failures by reason, most frequent first, e.g. <c>503 ×12, HttpRequestException ×1</c>.</summary>
    public string FailureSummary() => string.Join(", ", _failures.OrderByDescending(f => f.Value).Take(4).Select(f => $"{f.Key} ×{f.Value}"));
}
