using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.Testing;

/// <summary>Small stand-in servers for tests (a telemetry collector, an identity provider): loopback only, a free port, quiet.</summary>
public static class LoopbackWebApp
{
    public static WebApplication Create() => Create("127.0.0.1");

    /// <summary>On a free port of <paramref name="address"/>: the Docker bridge's gateway, for servers that containers must reach.</summary>
    public static WebApplication Create(string address)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>The started app's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string Url(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}
