using System.ComponentModel.DataAnnotations;
using BujjiCoder.Workspaces.Completion;

namespace BujjiCoder.Api.Completion;

/// <summary>
/// A cursor in a file: <c>line</c> and <c>column</c> are 1-based, the column in UTF-16 code units. <c>content</c> is the
/// editor's unsaved buffer, used instead of the stored file when given. Public because the validation generator only
/// sees public types.
/// </summary>
public sealed record CompletionRequest(
    [property: Required, StringLength(1024, MinimumLength = 1)] string? Path,
    [property: StringLength(CompletionRequest.MaxContentChars)] string? Content,
    [property: Range(1, int.MaxValue)] int Line,
    [property: Range(1, int.MaxValue)] int Column,
    [property: Range(1, 100)] int? Limit,
    bool? Llm)
{
    /// <summary>2 MB of text: more than any file an editor asks completions for.</summary>
    public const int MaxContentChars = 2 * 1024 * 1024;
}

internal sealed record CompletionResponse(IReadOnlyList<CompletionItem> Items);
