using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.Testing;

/// <summary>
/// A stand-in telemetry back end on loopback (an OTLP/HTTP collector, an Application Insights ingestion
/// endpoint): it accepts every POST and records its path, so tests can see what a service exported.
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _paths = new();

    private TelemetryCollector(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public IReadOnlyCollection<string> Paths => [.. _paths];

    public static async Task<TelemetryCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new TelemetryCollector(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
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
