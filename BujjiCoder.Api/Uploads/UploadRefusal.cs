using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BujjiCoder.Api.Uploads;

/// <summary>Why the scanner refused an upload, as the problem details the caller (or the failed import job) gets.</summary>
internal sealed record UploadRefusal(int Status, string Slug, string Title, string Detail, string? Signature = null)
{
    /// <summary>Seconds a caller should wait before trying again when the scanner is down.</summary>
    public const int RetryAfterSeconds = 30;

    public static UploadRefusal Malware(string signature) => new(
        StatusCodes.Status422UnprocessableEntity, "malware-detected", "Malware detected",
        $"The virus scanner found '{signature}' in the upload; nothing was written.", signature);

    public static UploadRefusal ScannerUnavailable() => new(
        StatusCodes.Status503ServiceUnavailable, "scanner-unavailable", "Virus scanner unavailable",
        "Uploads are scanned for malware and the scanner cannot be reached right now; nothing was written. Try again later.");

    /// <summary>Larger than the scanner takes; <paramref name="maxBytes"/> is its limit when known.</summary>
    public static UploadRefusal TooLargeToScan(long? maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge, "too-large-to-scan", "Too large to scan",
        maxBytes is { } max
            ? $"Uploads are scanned for malware, and the scanner takes at most {max:N0} bytes; nothing was written."
            : "Uploads are scanned for malware, and this one is larger than the scanner takes; nothing was written.");

    public ProblemDetails ToProblemDetails()
    {
        var problem = Problems.Create(Status, Slug, Title, Detail).ProblemDetails;
        if (Signature is not null)
        {
            problem.Extensions["signature"] = Signature;
        }

        return problem;
    }

    /// <summary>The answer to the request, with Retry-After when the scanner was down.</summary>
    public ProblemHttpResult ToResult(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(ToProblemDetails());
    }
}
