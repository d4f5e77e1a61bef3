using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Uploads;

/// <summary>Says once, at start-up, whether uploads are scanned, and warns when uploads may be larger than clamd takes.</summary>
internal sealed partial class UploadScanningStartupLog(
    IOptions<ClamAvOptions> clamAv, IOptions<WorkspaceLimits> workspaces, ILogger<UploadScanningStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = clamAv.Value;
        if (!settings.Enabled)
        {
            LogScanningOff(logger);
            return Task.CompletedTask;
        }

        LogScanningOn(logger, settings.Host!, settings.Port);
        var largest = Math.Max(workspaces.Value.MaxUploadBytes, workspaces.Value.MaxFileBytes);
        if (largest > settings.MaxStreamBytes)
        {
            LogLimitBelowUploads(logger, settings.MaxStreamBytes, largest);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploads are not scanned for malware: Uploads:ClamAv:Host is not set")]
    private static partial void LogScanningOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploads are scanned by clamd at {Host}:{Port}; when it cannot scan, uploads are refused")]
    private static partial void LogScanningOn(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Uploads:ClamAv:MaxStreamBytes ({MaxStreamBytes}) is below the largest upload allowed ({Largest}); larger uploads will be refused as too large to scan")]
    private static partial void LogLimitBelowUploads(ILogger logger, long maxStreamBytes, long largest);
}
