using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BujjiCoder.Api.Uploads;

internal static class UploadScanningExtensions
{
    /// <summary>Virus scanning of uploads through clamd (<c>Uploads:ClamAv</c>); off, and said so at start-up, without a host.</summary>
    public static IHostApplicationBuilder AddUploadScanning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClamAvOptions>().BindConfiguration(ClamAvOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
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
