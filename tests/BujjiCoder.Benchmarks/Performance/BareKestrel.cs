using System.Globalization;
using BujjiCoder.AppHost.Infrastructure;
using BujjiCoder.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// The 1.00× of the hot-path rows: the smallest ASP.NET Core app that answers <c>/health/live</c>, in a process of its
/// own (this program re-run as <c>bare &lt;port&gt;</c>) with the server GC the Api's web SDK turns on, so the only
/// difference from the Api is the Api's own pipeline.
/// </summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    public const string Mode = "bare";

    private readonly ServerProcess _process;

    private BareKestrel(ServerProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Serves until the process is stopped: the whole of the <c>bare</c> mode.</summary>
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health/live", () => "Healthy");
        await app.RunAsync();
    }

    public static async Task<BareKestrel> StartAsync()
    {
        var port = LocalServers.FreePort();
        var assembly = typeof(BareKestrel).Assembly.Location;
        var process = ServerProcess.Start("dotnet", [assembly, Mode, port.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "1",
        }, Path.GetDirectoryName(assembly));
        var bare = new BareKestrel(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = bare.Url };
        await process.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/live")).IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        return bare;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
