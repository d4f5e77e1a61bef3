namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// Chat's gateway cost, measured as <see cref="ChatBenchmark"/> does: time to first token of streamed replies through
/// the Api minus straight from the fake provider (p50 minus p50, p95 minus p95), one stream at a time; and whole
/// replies served from the response cache.
/// </summary>
/// <remarks>
/// One stream at a time because the target is the Api's own cost per turn: with many at once on two shared cores the
/// figure is the machine's queue, which the 1,000-user scenario measures. A few turns first are not counted, so the
/// figures are of a warmed-up process rather than its JIT.
/// </remarks>
internal sealed class ChatSection : IPerformanceSection
{
    private const int WarmUp = 10;
    private const int Streams = 60;
    private const int CacheHits = 100;

    public string Name => "chat";

    public async Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken)
    {
        // On a shared machine the queue for the cores moves these figures more than anything measured: say how long it was.
        var load = File.Exists("/proc/loadavg") ? $"; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start" : "";
        await using var bench = await ChatBench.StartAsync();
        await bench.TimeToFirstTokenAsync(WarmUp, clients: 1);
        var (direct, gateway) = await bench.TimeToFirstTokenAsync(Streams, clients: 1);
        var p50 = gateway.Ttft50 - direct.Ttft50;
        var p95 = gateway.Ttft95 - direct.Ttft95;
        var hits = await bench.CacheHitsAsync(CacheHits);
        var hit50 = LoadRun.Percentile(hits, 0.5);
        var hit95 = LoadRun.Percentile(hits, 0.95);

        var overheadMet = p50 <= 5 && p95 <= 15;
        var hitMet = hit95 <= 5;
        return
        [
            new PerformanceRow(Name, "chat TTFT through Api − direct p50/p95", $"{p50:0.0} / {p95:0.0} ms", "p50 ≤ 5 ms, p95 ≤ 15 ms", overheadMet,
                $"{Streams} streams one at a time; direct {direct.Ttft50:0.0} / {direct.Ttft95:0.0} ms, through Api {gateway.Ttft50:0.0} / {gateway.Ttft95:0.0} ms"
                + (overheadMet ? "" : $"; {Math.Max(0, p50 - 5):0.0} ms over at p50, {Math.Max(0, p95 - 15):0.0} ms over at p95") + load),
            new PerformanceRow(Name, "response-cache hit p95", $"{hit95:0.0} ms", "p95 ≤ 5 ms", hitMet,
                $"whole reply, {CacheHits} requests one at a time, p50 {hit50:0.0} ms" + (hitMet ? "" : $"; {hit95 - 5:0.0} ms over") + load),
        ];
    }
}
