using System.Text.Json;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// An import job's outcome as its row keeps it (<c>ResultJson</c>): the summary when it succeeded, the problem when
/// it failed. A Worker writes it, the Api reads it back; this is the one place that knows the format.
/// </summary>
public static class ImportJobResults
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(ImportSummary summary) => JsonSerializer.Serialize(summary, Json);

    public static string Write(ImportProblem problem) => JsonSerializer.Serialize(problem, Json);

    public static ImportSummary? ReadSummary(string? json) => json is null ? null : JsonSerializer.Deserialize<ImportSummary>(json, Json);

    public static ImportProblem? ReadProblem(string? json) => json is null ? null : JsonSerializer.Deserialize<ImportProblem>(json, Json);
}
