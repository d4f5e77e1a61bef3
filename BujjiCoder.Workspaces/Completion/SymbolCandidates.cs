using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Completion;

/// <summary>A definition somewhere in the workspace whose name starts with the typed prefix.</summary>
public sealed record SymbolCandidate(string Name, string Kind, string Path);

/// <summary>
/// The workspace's definitions starting with a prefix, in one query over <c>blob_symbols</c> joined to the workspace's
/// current files. Written in LINQ so PostgreSQL and SQLite get the same query; the shortest names come first so a
/// short prefix matching thousands of names still returns the likeliest ones inside the window.
/// </summary>
public sealed class SymbolCandidates(BujjiDbContext db)
{
    public const int Window = 200;

    public Task<List<SymbolCandidate>> FindAsync(Guid workspaceId, string prefix, CancellationToken cancellationToken)
    {
        // '_' is a LIKE wildcard and common in identifiers; it (and '%', '\') must match only itself.
        var pattern = prefix.ToLowerInvariant()
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return (from symbol in db.BlobSymbols
                join file in db.WorkspaceFiles on symbol.BlobHash equals file.Hash
                where file.WorkspaceId == workspaceId && EF.Functions.Like(symbol.Name.ToLower(), pattern, "\\")
                orderby symbol.Name.Length, symbol.Name, file.Path
                select new SymbolCandidate(symbol.Name, symbol.Kind, file.Path))
            .AsNoTracking().Take(Window).ToListAsync(cancellationToken);
    }
}
