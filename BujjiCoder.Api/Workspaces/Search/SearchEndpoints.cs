using BujjiCoder.Api.Http;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Workspaces.Search;

internal static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/search", SearchAsync).WithRateLimitGroup(RateLimitGroups.Search);
        return workspace;
    }

    /// <summary><c>mode=text</c> (default): lines holding the terms; <c>mode=symbol</c>: definitions first. Semantic search is not built yet (400).</summary>
    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        Guid ws, [AsParameters] SearchRequest request, CodeSearch search, CancellationToken cancellationToken)
    {
        if (request.Mode == "semantic")
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "semantic-search-unavailable", "Semantic search is not available",
                "Semantic search needs an embedding model, which this server does not have yet. Use mode=text or mode=symbol.");
        }

        // Control characters are refused by SearchRequest; what is left to check is that some term remains.
        var query = SearchQuery.Parse(request.Q!);
        if (query.Terms.Count == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "q must contain something other than spaces and punctuation.");
        }

        var limit = request.Limit ?? 20;
        var hits = request.Mode == "symbol"
            ? await search.SymbolAsync(ws, query, limit, cancellationToken)
            : await search.TextAsync(ws, query, limit, cancellationToken);
        return TypedResults.Ok(new SearchResponse(query.Phrase, request.Mode ?? "text", hits));
    }
}
