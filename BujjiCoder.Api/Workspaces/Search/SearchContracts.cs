using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Api.Workspaces.Search;

public sealed record SearchRequest(
    [property: Required, StringLength(200, MinimumLength = 1), SingleLineText] string? Q,
    [property: RegularExpression("^(text|symbol|semantic|hybrid)$", ErrorMessage = "mode is text, symbol, semantic or hybrid.")] string? Mode,
    [property: Range(1, 200)] int? Limit);

/// <summary>The query as it was understood (its terms joined), the mode used, and the hits, best first.</summary>
internal sealed record SearchResponse(string Query, string Mode, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// The semantic index of a workspace: whether semantic search is on, the model and vector store it uses, the workspace's
/// text files, how many of them are embedded under that model and how many wait (pending), their chunks, and when the
/// newest of them was embedded.
/// </summary>
internal sealed record SearchIndexResponse(
    bool Enabled, string Model, string VectorStore, int Files, int IndexedFiles, int PendingFiles, long Chunks, DateTime? LastIndexedAt);
