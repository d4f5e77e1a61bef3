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

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
