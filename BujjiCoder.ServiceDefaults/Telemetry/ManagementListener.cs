using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BujjiCoder.ServiceDefaults.Telemetry;

/// <summary>
/// Adds <c>http://*:port</c> to the server's addresses after the host has filled them from the public settings (urls,
/// http_ports, a test host's own) and before Kestrel binds. Setting urls instead would need to know every way the public
/// addresses may be given, and a host that sets urls last would drop the management port.
/// </summary>
internal sealed class ManagementListener(int port) : IStartupFilter
{
    // Kestrel's own default when nothing is configured, kept: adding an address would otherwise replace it.
    private const string KestrelDefault = "http://localhost:5000";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses is { IsReadOnly: false } addresses)
        {
            if (addresses.Count == 0)
            {
                addresses.Add(KestrelDefault);
            }

            // An orchestrator may already list the port among the urls: binding it twice would fail.
            if (!addresses.Any(address => Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port == port))
            {
                addresses.Add($"http://*:{port}");
            }
        }

        next(app);
    };
}
