using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>The scenario's second phase: every user's chat stream open and streaming at the same moment.</summary>
internal static class HeldStreams
{
    public sealed record HoldResult(int PeakOpen, int PeakLive, int Opened, double OpenSeconds, ActionLog Log, (double Now, double Peak)?[] Memory);

    /// <summary>
    /// Every user asks the slow model at about the same time (spread over 10 s) and keeps reading; once every stream has
    /// had its first token (or a minute has passed) they are held 5 s more, memory is read, and all are dropped.
    /// </summary>
    public static async Task<HoldResult> HoldAsync(IReadOnlyList<SimulatedUser> users, HttpClient client, IReadOnlyList<int> replicas, CancellationToken cancellationToken)
    {
        var log = new ActionLog("hold: first token");
        int open = 0, live = 0, peakOpen = 0, peakLive = 0, opened = 0;
        using var release = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var streams = users.Select(async user =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(new Random(user.Index).Next(10_000), release.Token);
                started = Stopwatch.GetTimestamp();
                using var request = BenchWorkspace.Authorized(HttpMethod.Post, $"/api/v1/conversations/{user.HoldConversation}/messages", user.Token);
                request.Content = JsonContent.Create(new { content = "Walk me through the whole order flow, slowly." });
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, release.Token);
                if (!response.IsSuccessStatusCode)
                {
                    log.Failed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                    return;
                }

                Raise(ref peakOpen, Interlocked.Increment(ref open));
                var streaming = false;
                try
                {
                    await UserActions.ReadEventsAsync(response, () =>
                    {
                        log.Succeeded(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        streaming = true;
                        Interlocked.Increment(ref opened);
                        Raise(ref peakLive, Interlocked.Increment(ref live));
                    }, release.Token);
                    // The model talks for two minutes: a stream that ends while it is held was cut short.
                    log.Failed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, "stream ended while held");
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                    if (streaming)
                    {
                        Interlocked.Decrement(ref live);
                    }
                }
            }
            catch (OperationCanceledException) when (release.IsCancellationRequested)
            {
                // Dropped on purpose at the end of the hold.
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                log.Failed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
            }
        }).ToList();

        var deadline = TimeSpan.FromSeconds(70);
        while (Volatile.Read(ref opened) + log.Errors < users.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(200, cancellationToken);
        }

        var openSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var memory = replicas.Select(ProcessMemory.Read).ToArray();
        await release.CancelAsync();
        await Task.WhenAll(streams);
        return new HoldResult(peakOpen, peakLive, Volatile.Read(ref opened), openSeconds, log, memory);
    }

    private static void Raise(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen && Interlocked.CompareExchange(ref peak, value, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }
}
