using BujjiCoder.Workspaces.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Uploads;

public static class UploadScanningExtensions
{
    /// <summary>
    /// Virus scanning of uploads through clamd (<c>Uploads:ClamAv</c>); off, and said so at start-up, without a host.
    /// The Api scans what it writes at once, a Worker what it imports as a job, so both need the same settings.
    /// </summary>
    public static IHostApplicationBuilder AddUploadScanning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClamAvOptions>().BindConfiguration(ClamAvOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AuditWriter>();
        builder.Services.AddSingleton<ClamdClient>();
        builder.Services.AddScoped<UploadScanner>();
        builder.Services.AddHostedService<UploadScanningStartupLog>();
        if (builder.Configuration.GetSection(ClamAvOptions.SectionName).Get<ClamAvOptions>() is { Enabled: true })
        {
            builder.Services.AddHealthChecks().AddCheck<ClamdHealthCheck>("clamav", HealthStatus.Degraded);
        }

        return builder;
    }
}
