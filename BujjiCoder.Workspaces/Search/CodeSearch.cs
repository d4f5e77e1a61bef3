using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Text and symbol search over a workspace. The indexes are kept in the same transaction as every change
/// (see the FileStorage migrations), so a search always sees the workspace as it is.
/// </summary>
public sealed class CodeSearch(BujjiDbContext db)
{
    private const int MaxHitsPerFile = 5;

    private static readonly IReadOnlySet<int> NoLines = new HashSet<int>();

    public async Task<IReadOnlyList<SearchHit>> TextAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var candidates = await TextCandidates.FindAsync(db, workspaceId, query, Math.Min(limit * 2, 100), cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        var definitions = await DefinitionLinesAsync(candidates.Select(c => c.Hash).Distinct().ToList(), cancellationToken);
        var topRank = Math.Max(candidates.Max(c => c.Rank), 1e-9);
        return [.. candidates
            .SelectMany(c => LineMatcher.Match(c.Path, c.Text, query, definitions.GetValueOrDefault(c.Hash, NoLines), 0.25 * (c.Rank / topRank), MaxHitsPerFile))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Path, StringComparer.Ordinal).ThenBy(h => h.Line)
            .Take(limit)];
    }

    /// <summary>
    /// Definitions whose name matches (exact before prefix before substring), then the text hits that are not
    /// definitions, scored below every definition.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SymbolAsync(Guid workspaceId, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var name = query.Phrase;
        var lower = name.ToLowerInvariant();
        var pattern = SearchQuery.ContainsPattern(lower);
        var prefix = lower.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        // Exact and prefix matches first in the database, so a common fragment cannot push them out of the window.
        var symbols = await (from symbol in db.BlobSymbols
                             join file in db.WorkspaceFiles on symbol.BlobHash equals file.Hash
                             where file.WorkspaceId == workspaceId && EF.Functions.Like(symbol.Name.ToLower(), pattern, "\\")
                             orderby symbol.Name.ToLower() == lower descending, EF.Functions.Like(symbol.Name.ToLower(), prefix, "\\") descending
                             select new { file.Path, file.Hash, symbol.Name, symbol.Kind, symbol.Line })
            .Take(1000).ToListAsync(cancellationToken);

        var ranked = symbols
            .Select(s => new { s.Path, s.Hash, s.Name, s.Kind, s.Line, Score = 2 + NameScore(s.Name, name) })
            .OrderByDescending(s => s.Score).ThenBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Line)
            .Take(limit).ToList();
        var texts = await db.FileBlobs.Where(b => ranked.Select(r => r.Hash).Distinct().Contains(b.Hash))
            .ToDictionaryAsync(b => b.Hash, b => b.Text ?? string.Empty, cancellationToken);
        var hits = ranked.Select(s => new SearchHit(s.Path, s.Line, LineMatcher.LineAt(texts[s.Hash], s.Line), s.Score, s.Name, s.Kind.ToLowerInvariant())).ToList();
        if (hits.Count < limit)
        {
            var definitionAt = hits.Select(h => (h.Path, h.Line)).ToHashSet();
            hits.AddRange((await TextAsync(workspaceId, query, limit, cancellationToken))
                .Where(h => !definitionAt.Contains((h.Path, h.Line)))
                .Select(h => h with { Score = Math.Round(Math.Min(h.Score, 1.9), 4) })
                .Take(limit - hits.Count));
        }

        return hits;
    }

    private static double NameScore(string candidate, string name) =>
        candidate == name ? 1.0
        : candidate.Equals(name, StringComparison.OrdinalIgnoreCase) ? 0.9
        : candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase) ? 0.6
        : 0.3;

    private async Task<Dictionary<string, IReadOnlySet<int>>> DefinitionLinesAsync(List<string> hashes, CancellationToken cancellationToken)
    {
        var lines = await db.BlobSymbols.Where(s => hashes.Contains(s.BlobHash)).Select(s => new { s.BlobHash, s.Line }).ToListAsync(cancellationToken);
        return lines.GroupBy(s => s.BlobHash).ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(s => s.Line).ToHashSet());
    }
}
