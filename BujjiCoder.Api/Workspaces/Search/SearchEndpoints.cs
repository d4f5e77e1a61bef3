using System.Globalization;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Api.Workspaces.Search;

internal static class SearchEndpoints
{
    /// <summary>
    /// What a caller is told to wait when the embedding model fails: long enough for a hosted deployment's blip or throttling
    /// to pass, short enough that a retrying client comes back while the user still waits.
    /// </summary>
    private static readonly TimeSpan EmbeddingRetryAfter = TimeSpan.FromSeconds(30);

    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/search", SearchAsync).WithRateLimitGroup(RateLimitGroups.Search);
        workspace.MapGet("/search/index", GetIndexAsync).WithRateLimitGroup(RateLimitGroups.Search);
        return workspace;
    }

    /// <summary>
    /// <c>mode=text</c> (default): lines holding the terms; <c>mode=symbol</c>: definitions first; <c>mode=semantic</c>: the
    /// chunks nearest the query in meaning; <c>mode=hybrid</c>: text and semantic files fused by reciprocal rank. The last two
    /// need the SemanticSearch feature flag (400 without it). When the embedding model fails, semantic answers 503
    /// <c>embedding-model-unavailable</c> with <c>Retry-After</c> and hybrid answers with the text hits alone.
    /// </summary>
    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        Guid ws, [AsParameters] SearchRequest request, CodeSearch search, SemanticCodeSearch semantic, IFeatureManager features, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var byMeaning = request.Mode is "semantic" or "hybrid";
        if (byMeaning && !await features.IsEnabledAsync(FeatureFlags.SemanticSearch))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "semantic-search-unavailable", "Semantic search is not available",
                "Semantic search is switched off on this server (the SemanticSearch feature flag). Use mode=text or mode=symbol.");
        }

        // Control characters are refused by SearchRequest; what is left to check is that some term remains.
        var query = SearchQuery.Parse(request.Q!);
        if (query.Terms.Count == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "q must contain something other than spaces and punctuation.");
        }

        var limit = request.Limit ?? 20;
        try
        {
            var hits = request.Mode switch
            {
                "symbol" => await search.SymbolAsync(ws, query, limit, cancellationToken),
                "semantic" => await semantic.SemanticAsync(ws, query.Phrase, limit, cancellationToken),
                "hybrid" => await semantic.HybridAsync(ws, query, limit, cancellationToken),
                _ => await search.TextAsync(ws, query, limit, cancellationToken),
            };
            return TypedResults.Ok(new SearchResponse(query.Phrase, request.Mode ?? "text", hits));
        }
        catch (EmbeddingUnavailableException)
        {
            // SemanticCodeSearch has logged the model's failure; the caller learns it is the server's and passing.
            response.Headers.RetryAfter = ((int)EmbeddingRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "embedding-model-unavailable", "The embedding model is unavailable",
                "The embedding model could not embed the query, so search by meaning cannot answer now. Try again shortly, or use mode=hybrid or mode=text.");
        }
    }

    /// <summary>How far the semantic index has got with this workspace (counted whether or not semantic search is on).</summary>
    private static async Task<Ok<SearchIndexResponse>> GetIndexAsync(
        Guid ws, SemanticIndexStatus status, EmbeddingModel model, IOptions<VectorSearchOptions> options, IFeatureManager features, CancellationToken cancellationToken)
    {
        var counts = await status.CountAsync(ws, cancellationToken);
        return TypedResults.Ok(new SearchIndexResponse(
            await features.IsEnabledAsync(FeatureFlags.SemanticSearch), model.Id, options.Value.StoreName,
            counts.Files, counts.IndexedFiles, counts.PendingFiles, counts.Chunks, counts.LastIndexedAt));
    }
}
