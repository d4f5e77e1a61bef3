using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing;

/// <summary>
/// A stand-in telemetry back end on loopback (an OTLP/HTTP collector, an Application Insights ingestion
/// endpoint): it accepts every POST and records its path, so tests can see what a service exported.
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _paths = new();
    private readonly ConcurrentQueue<byte[]> _bodies = new();

    private TelemetryCollector(WebApplication app) => _app = app;

    public string Url => _app.Url();

    public IReadOnlyCollection<string> Paths => [.. _paths];

    /// <summary>Every body received (OTLP protobuf keeps strings as plain UTF-8, so they can be searched).</summary>
    public IReadOnlyCollection<byte[]> Bodies => [.. _bodies];

    public static async Task<TelemetryCollector> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var collector = new TelemetryCollector(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            collector._bodies.Enqueue(body.ToArray());
            collector._paths.Enqueue(context.Request.Path.Value ?? "/");
            return Results.Ok();
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Waits until a POST whose path ends with <paramref name="pathSuffix"/> has arrived.</summary>
    public async Task<bool> WaitForAsync(string pathSuffix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_paths.Any(path => path.EndsWith(pathSuffix, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
