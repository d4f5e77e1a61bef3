using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace BujjiCoder.ServiceDefaults.Telemetry;

/// <summary>
/// The management port: a second Kestrel address (<c>Management:Port</c>) of the same server, where the Prometheus scrape
/// endpoint <c>/metrics</c> answers. Metrics name providers, models and error rates, so they are not for the internet:
/// <c>/metrics</c> answers only on this port (404 on the public port, whatever the Host header says), and the port is
/// meant to stay inside the cluster (no ingress, not published). The public routes answer there too; only <c>/metrics</c>
/// is the port's own. Without <c>Management:Port</c> there is no scrape endpoint.
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
            // RequireHost matches the Host header, which a client on the public port can write as it likes; the socket's
            // own port cannot be forged, so it decides.
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(MetricsPath) && context.Connection.LocalPort != port)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireHost($"*:{port}").DisableHttpMetrics().AllowAnonymous();
        }

        return app;
    }
}
