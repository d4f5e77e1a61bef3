using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Api.Workspaces.Search;

public sealed record SearchRequest(
    [property: Required, StringLength(200, MinimumLength = 1), SingleLineText] string? Q,
    [property: RegularExpression("^(text|symbol|semantic)$", ErrorMessage = "mode is text, symbol or semantic.")] string? Mode,
    [property: Range(1, 200)] int? Limit);

/// <summary>The query as it was understood (its terms joined), the mode used, and the hits, best first.</summary>
internal sealed record SearchResponse(string Query, string Mode, IReadOnlyList<SearchHit> Hits);
