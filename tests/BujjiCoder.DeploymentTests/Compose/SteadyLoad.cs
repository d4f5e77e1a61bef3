using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>
/// How a steady load fared: every request counted, the first failures described, and the content of each client's file
/// as of its last acknowledged write (which the stack must still hold afterwards).
/// </summary>
internal sealed record LoadCounts(int Requests, int Writes, int Failed, TimeSpan Elapsed, IReadOnlyList<string> Failures, IReadOnlyDictionary<string, string> AcknowledgedWrites)
{
    public override string ToString() =>
        $"{Requests} requests ({Writes} writes) in {Elapsed.TotalSeconds:F0} s ({Requests / Math.Max(Elapsed.TotalSeconds, 1):F1}/s), {Failed} failed"
        + (Failures.Count == 0 ? string.Empty : ": " + string.Join("; ", Failures));
}

/// <summary>
/// A few signed-in clients working in one workspace through the front door back to back, as users keep working while an
/// operator deploys: each reads the workspace, then saves its own file, in turn. Any answer other than a success and any
/// transport error (a reset, a 502 from nginx, a timeout) counts as a failed request; writes are included because a
/// replica taken away mid-write is where a careless update loses data.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private const int Clients = 3;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private readonly Task[] _clients;
    private int _requests;
    private int _writes;
    private int _failed;

    private SteadyLoad(HttpClient http, string accessToken, string ws)
    {
        _clients = [.. Enumerable.Range(0, Clients).Select(client => Task.Run(() => RunAsync(http, accessToken, ws, $"load/client-{client}.txt")))];
    }

    /// <summary>Starts working in workspace <paramref name="ws"/> as the holder of <paramref name="accessToken"/>.</summary>
    public static SteadyLoad Start(HttpClient http, string accessToken, string ws) => new(http, accessToken, ws);

    /// <summary>Stops the clients (each finishes the request it is in) and returns the counts.</summary>
    public async Task<LoadCounts> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        _elapsed.Stop();
        return new LoadCounts(
            Volatile.Read(ref _requests), Volatile.Read(ref _writes), Volatile.Read(ref _failed), _elapsed.Elapsed, [.. _failures.Take(10)],
            new Dictionary<string, string>(_acknowledged));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(HttpClient http, string accessToken, string ws, string file)
    {
        for (var turn = 0; !_stop.IsCancellationRequested; turn++)
        {
            var write = turn % 2 == 1;
            var text = $"write {turn} at {DateTime.UtcNow:O}";
            using var request = write
                ? new HttpRequestMessage(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/{file}") { Content = new StringContent(text) }
                : new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{ws}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            string? failure;
            try
            {
                // Not tied to _stop: a request once sent is seen through, so stopping cannot fail one.
                using var response = await http.SendAsync(request, CancellationToken.None);
                failure = response.IsSuccessStatusCode
                    ? null
                    : $"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(CancellationToken.None))}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                failure = $"{DateTime.UtcNow:HH:mm:ss.fff} {exception.GetType().Name}: {exception.Message}";
            }

            Interlocked.Increment(ref _requests);
            if (write)
            {
                Interlocked.Increment(ref _writes);
                if (failure is null)
                {
                    _acknowledged[file] = text;
                }
            }

            if (failure is not null)
            {
                Interlocked.Increment(ref _failed);
                _failures.Enqueue(failure);
            }

            try
            {
                await Task.Delay(Pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];
}
