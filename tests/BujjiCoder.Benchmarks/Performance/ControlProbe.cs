using System.Diagnostics;
using System.Globalization;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// The control beside a load: the cheapest request (<c>/health/live</c>) through the same balancer and replicas at a
/// steady pace, and the machine's load average. An action that is slow while the control is fast is slow in its own
/// work; both slow means the machine or the server's queues are full.
/// </summary>
internal static class ControlProbe
{
    /// <summary>The 1-minute load average of the whole machine: on shared cores, the context every latency here needs.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The cheapest request through the same balancer and replicas, at a steady pace beside the users.</summary>
    public static async Task RunAsync(HttpClient client, ActionLog probe, CancellationToken cancellationToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await ticks.WaitForNextTickAsync(cancellationToken))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync("/health/live", cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.IsSuccessStatusCode)
                    {
                        probe.Succeeded(elapsed);
                    }
                    else
                    {
                        probe.Failed(elapsed, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                    }
                }
                catch (HttpRequestException exception)
                {
                    probe.Failed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The mix is over.
        }
    }
}
