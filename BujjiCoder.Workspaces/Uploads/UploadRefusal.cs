namespace BujjiCoder.Workspaces.Uploads;

/// <summary>
/// Why the scanner refused an upload, as plain problem fields: the Api answers the request with it, and a Worker
/// records it as the problem of a failed import job. <see cref="Status"/> is the HTTP status code it stands for.
/// </summary>
public sealed record UploadRefusal(int Status, string Slug, string Title, string Detail, string? Signature = null)
{
    /// <summary>Seconds a caller should wait before trying again when the scanner is down.</summary>
    public const int RetryAfterSeconds = 30;

    public static UploadRefusal Malware(string signature) => new(
        422, "malware-detected", "Malware detected",
        $"The virus scanner found '{signature}' in the upload; nothing was written.", signature);

    public static UploadRefusal ScannerUnavailable() => new(
        503, "scanner-unavailable", "Virus scanner unavailable",
        "Uploads are scanned for malware and the scanner cannot be reached right now; nothing was written. Try again later.");

    /// <summary>Larger than the scanner takes; <paramref name="maxBytes"/> is its limit when known.</summary>
    public static UploadRefusal TooLargeToScan(long? maxBytes) => new(
        413, "too-large-to-scan", "Too large to scan",
        maxBytes is { } max
            ? $"Uploads are scanned for malware, and the scanner takes at most {max:N0} bytes; nothing was written."
            : "Uploads are scanned for malware, and this one is larger than the scanner takes; nothing was written.");

    /// <summary>The scanner could not scan it: worth trying again later (the Api says when, with Retry-After).</summary>
    public bool IsTemporary => Status == 503;
}
