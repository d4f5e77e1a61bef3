using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Uploads;

/// <summary>
/// Where clamd listens (section <c>Uploads:ClamAv</c>). No host means no scanning; with a host, every upload is
/// scanned and refused whenever the scan cannot be done (fail closed).
/// </summary>
public sealed class ClamAvOptions
{
    public const string SectionName = "Uploads:ClamAv";

    /// <summary>clamd's host name or IP (its <c>TCPAddr</c>); unset turns scanning off.</summary>
    public string? Host { get; set; }

    /// <summary>clamd's <c>TCPSocket</c>.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 3310;

    /// <summary>How long connecting to clamd may take before the upload is refused as unscannable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one whole scan (sending the upload and waiting for the verdict) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most clamd accepts in one stream: keep it equal to clamd's <c>StreamMaxLength</c> (25 MB by default).
    /// Larger uploads cannot be scanned and are refused.
    /// </summary>
    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxStreamBytes { get; set; } = 25L * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
