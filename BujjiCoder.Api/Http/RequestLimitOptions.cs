using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Http;

/// <summary>Settings of the <c>Http:Limits</c> section: how big, how many and how long a request may be.</summary>
internal sealed class RequestLimitOptions
{
    public const string SectionName = "Http:Limits";

    /// <summary>Largest body of any request that does not say otherwise (Kestrel's global limit).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest JSON body of the endpoints that carry whole files or diffs: edit, diff preview/apply, completion.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxCodeRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Time a client has to send the request line and headers (slow-header attacks).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>Default time a request may take before it is cancelled (503); zero turns timeouts off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Chat messages (JSON or a Server-Sent Events stream), composer and completion, which wait for a model; zero = none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LlmRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Archive import uploads and export downloads, which move up to hundreds of megabytes; zero = none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TransferRequestTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A body whose Content-Length is at most this much over its endpoint's limit is read and thrown away before the 413,
    /// so a client that sends its whole body before reading the answer gets the 413 rather than a reset connection.
    /// Larger ones are refused at once. Zero turns this off.
    /// </summary>
    [Range(0, 64L * 1024 * 1024)]
    public long OversizeDrainBytes { get; set; } = 1024 * 1024;

    /// <summary>Nesting allowed in a JSON body; deeper is 400 before any handler runs.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Largest form or multipart body read through the form feature (no endpoint takes forms today; the import reads its own multipart).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFormBytes { get; set; } = 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxFormValueCount { get; set; } = 256;
}
