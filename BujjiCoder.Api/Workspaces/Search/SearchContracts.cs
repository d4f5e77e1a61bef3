using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Extensions;

namespace BujjiCoder.Api.Workspaces.Search;

public sealed record SearchRequest(
    [property: Required, StringLength(200, MinimumLength = 1), SingleLineText] string? Q,
    [property: RegularExpression("^(text|symbol|semantic)$", ErrorMessage = "mode is text, symbol or semantic.")] string? Mode,
    [property: Range(1, 200)] int? Limit);

/// <summary>One hit: a 1-based line of a file, the line itself (trimmed) and a score where higher is better.</summary>
internal sealed record SearchHit(string Path, int Line, string Snippet, double Score, string? Symbol = null, string? Kind = null);

/// <summary>The query as it was understood (its terms joined), the mode used, and the hits, best first.</summary>
internal sealed record SearchResponse(string Query, string Mode, IReadOnlyList<SearchHit> Hits);
