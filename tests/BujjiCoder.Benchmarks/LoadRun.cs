using System.Diagnostics;

namespace BujjiCoder.Benchmarks;

internal sealed record LoadResult(double RequestsPerSecond, double P50, double P95, int Errors);

/// <summary>A closed-loop load: each client sends its next request when the previous one answered.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, Func<HttpClient, HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        // Warm up the path (JIT, pools) before measuring.
        for (var i = 0; i < 20; i++)
        {
            using var warm = await client.SendAsync(request(client));
        }

        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                using var response = await client.SendAsync(request(client));
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.95), errors);
    }

    /// <summary>Runs each scenario in turn and prints its figures beside the first one's (the bare baseline).</summary>
    public static async Task PrintAsync(HttpClient client, IEnumerable<(string Name, Func<HttpClient, HttpRequestMessage> Request)> scenarios, int concurrency, TimeSpan duration)
    {
        Console.WriteLine($"{"scenario",-34} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"errors",7} {"vs health",10}");
        double? baseline = null;
        foreach (var (name, request) in scenarios)
        {
            var result = await RunAsync(client, request, concurrency, duration);
            baseline ??= result.RequestsPerSecond;
            Console.WriteLine($"{name,-34} {result.RequestsPerSecond,9:0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Errors,7} {result.RequestsPerSecond / baseline,9:0.000}x");
        }
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
