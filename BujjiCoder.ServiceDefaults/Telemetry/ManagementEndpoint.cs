using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace BujjiCoder.ServiceDefaults.Telemetry;

/// <summary>
/// The management port: a second Kestrel listener (<c>Management:Port</c>) that serves the Prometheus scrape endpoint
/// <c>/metrics</c> and nothing the public port does not. Metrics name providers, models and error rates, so they are not
/// for the internet: the scrape endpoint answers only on this port (the public port returns 404), and the port is meant
/// to stay inside the cluster (no ingress, not published). Without <c>Management:Port</c> there is no scrape endpoint.
/// </summary>
public static class ManagementEndpoint
{
    public const string PortKey = "Management:Port";
    public const string MetricsPath = "/metrics";

    /// <summary>The configured management port, if any.</summary>
    public static int? Port(IConfiguration configuration) => configuration.GetValue<int?>(PortKey) is > 0 and var port ? port : null;

    /// <summary>Adds the management port to the addresses Kestrel listens on (see <see cref="ManagementListener"/>).</summary>
    public static void AddManagementListener(this IHostApplicationBuilder builder)
    {
        if (Port(builder.Configuration) is { } port)
        {
            builder.Services.AddTransient<IStartupFilter>(_ => new ManagementListener(port));
        }
    }

    /// <summary>Maps the Prometheus scrape endpoint on the management port only (see <see cref="ManagementEndpoint"/>).</summary>
    public static WebApplication MapManagementEndpoints(this WebApplication app)
    {
        if (Port(app.Configuration) is { } port)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireHost($"*:{port}").DisableHttpMetrics().AllowAnonymous();
        }

        return app;
    }
}
