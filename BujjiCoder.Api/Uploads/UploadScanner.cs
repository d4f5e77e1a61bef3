using BujjiCoder.Api.Auth;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Uploads;

/// <summary>Who uploaded what where, for the log and the audit event of a detection.</summary>
internal sealed record UploadOrigin(string UserId, Guid WorkspaceId, string Name);

/// <summary>
/// Scans uploads with clamd before anything of them is written, when <c>Uploads:ClamAv:Host</c> is set. Fails closed:
/// with scanning configured, an upload that cannot be scanned (clamd down, slow, erroring, or the upload larger than
/// clamd takes) is refused, never let through unscanned. A detection is logged and audited.
/// </summary>
internal sealed partial class UploadScanner(IOptions<ClamAvOptions> options, ClamdClient clamd, AuditLog audit, ILogger<UploadScanner> logger)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// Null when the upload may be written (clean, or scanning is off), else why not. Reads <paramref name="content"/>
    /// (seekable) from its start and leaves it at its start.
    /// </summary>
    public async Task<UploadRefusal?> ScanAsync(Stream content, UploadOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(origin);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return null;
        }

        // clamd would stop reading at its StreamMaxLength and answer with an error; refusing first saves the upload.
        if (content.Length > settings.MaxStreamBytes)
        {
            LogTooLarge(logger, origin.Name, content.Length, settings.MaxStreamBytes);
            return UploadRefusal.TooLargeToScan(settings.MaxStreamBytes);
        }

        ClamdVerdict verdict;
        content.Position = 0;
        try
        {
            verdict = await clamd.ScanAsync(content, cancellationToken);
        }
        catch (ClamdException failure)
        {
            LogScannerUnavailable(logger, failure, origin.Name);
            return UploadRefusal.ScannerUnavailable();
        }
        finally
        {
            content.Position = 0;
        }

        switch (verdict.Outcome)
        {
            case ClamdOutcome.Clean:
                return null;
            case ClamdOutcome.Infected:
                var signature = verdict.Signature ?? "unknown";
                LogMalware(logger, signature, origin.Name, origin.WorkspaceId, origin.UserId);
                await audit.WriteAsync(AuditActions.UploadMalware, AuditOutcomes.Denied, target: origin.WorkspaceId.ToString(), detail: signature,
                    actorId: origin.UserId);
                return UploadRefusal.Malware(signature);
            default:
                // clamd's StreamMaxLength is below Uploads:ClamAv:MaxStreamBytes: the two should be equal.
                LogClamdLimit(logger, origin.Name, content.Length);
                return UploadRefusal.TooLargeToScan(null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malware {Signature} found in upload {Name} to workspace {WorkspaceId} by user {UserId}; refused")]
    private static partial void LogMalware(ILogger logger, string signature, string name, Guid workspaceId, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {Name} refused: it could not be scanned (fail closed)")]
    private static partial void LogScannerUnavailable(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Name} refused: {Length} bytes is more than Uploads:ClamAv:MaxStreamBytes ({MaxBytes})")]
    private static partial void LogTooLarge(ILogger logger, string name, long length, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Upload {Name} refused: clamd's StreamMaxLength is below its {Length} bytes; set it equal to Uploads:ClamAv:MaxStreamBytes")]
    private static partial void LogClamdLimit(ILogger logger, string name, long length);
}
