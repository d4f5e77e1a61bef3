using System.Text.Json.Serialization;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Why an import failed, as plain problem fields (RFC 9457 without ASP.NET Core): the Api answers a synchronous
/// import with it, a Worker stores it with a failed job, and the Api turns either into the same problem details.
/// <see cref="Status"/> is the HTTP status code it stands for; <see cref="Slug"/> names its problem type.
/// </summary>
public sealed record ImportProblem(int Status, string Slug, string Title, string Detail)
{
    /// <summary>The malware the scanner found (<c>malware-detected</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Signature { get; init; }

    /// <summary>The entries that made the archive unacceptable.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImportEntry>? Rejected { get; init; }
}
