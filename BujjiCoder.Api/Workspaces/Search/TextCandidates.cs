using System.Data.Common;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Workspaces.Search;

/// <summary>A file whose text holds every term, with the database's full-text rank (higher is better).</summary>
internal sealed record CandidateFile(string Path, string Hash, string Text, double Rank);

/// <summary>
/// The files of a workspace that contain every term of a query, best ranked first, from the database's indexes:
/// on PostgreSQL the trigram index answers the ILIKEs and ts_rank_cd ranks by the tsvector; on SQLite the FTS5
/// trigram table answers and bm25 ranks.
/// </summary>
internal static class TextCandidates
{
    public static Task<List<CandidateFile>> FindAsync(BujjiDbContext db, Guid workspaceId, SearchQuery query, int max, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() ? PostgresAsync(db, workspaceId, query, max, cancellationToken) : SqliteAsync(db, workspaceId, query, max, cancellationToken);

    private static Task<List<CandidateFile>> PostgresAsync(BujjiDbContext db, Guid workspaceId, SearchQuery query, int max, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { Parameter(db, "ws", workspaceId), Parameter(db, "q", query.Phrase), Parameter(db, "max", max) };
        var conditions = query.Terms.Select((term, i) =>
        {
            parameters.Add(Parameter(db, $"t{i}", SearchQuery.ContainsPattern(term)));
            return $"""AND b."Text" ILIKE @t{i}""";
        });
        var sql = $"""
            SELECT f."Path" AS "Path", f."Hash" AS "Hash", b."Text" AS "Text",
                   ts_rank_cd(b."Search", plainto_tsquery('simple', @q))::float8 AS "Rank"
            FROM workspace_files f JOIN file_blobs b ON b."Hash" = f."Hash"
            WHERE f."WorkspaceId" = @ws AND b."Text" IS NOT NULL {string.Join(' ', conditions)}
            ORDER BY "Rank" DESC, f."Path"
            LIMIT @max
            """;
        return db.Database.SqlQueryRaw<CandidateFile>(sql, [.. parameters]).ToListAsync(cancellationToken);
    }

    private static Task<List<CandidateFile>> SqliteAsync(BujjiDbContext db, Guid workspaceId, SearchQuery query, int max, CancellationToken cancellationToken)
    {
        // EF stores GUIDs as upper-case text on SQLite; raw parameters must match that form.
        var parameters = new List<object> { Parameter(db, "ws", workspaceId.ToString().ToUpperInvariant()), Parameter(db, "max", max) };
        var likes = query.Terms.Select((term, i) =>
        {
            parameters.Add(Parameter(db, $"t{i}", SearchQuery.ContainsPattern(term)));
            return $"""AND b."Text" LIKE @t{i} ESCAPE '\'""";
        }).ToList();

        // Trigram tokens match substrings of three characters or more; shorter terms are left to the LIKEs.
        var indexable = query.Terms.Where(term => term.Length >= 3).Select(term => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        string sql;
        if (indexable.Count > 0)
        {
            parameters.Add(Parameter(db, "match", string.Join(" AND ", indexable)));
            sql = $"""
                SELECT f."Path" AS "Path", f."Hash" AS "Hash", b."Text" AS "Text", -bm25(file_blobs_fts) AS "Rank"
                FROM file_blobs_fts JOIN file_blobs b ON b."Id" = file_blobs_fts.rowid JOIN workspace_files f ON f."Hash" = b."Hash"
                WHERE file_blobs_fts MATCH @match AND f."WorkspaceId" = @ws {string.Join(' ', likes)}
                ORDER BY "Rank" DESC, f."Path"
                LIMIT @max
                """;
        }
        else
        {
            sql = $"""
                SELECT f."Path" AS "Path", f."Hash" AS "Hash", b."Text" AS "Text", 0.0 AS "Rank"
                FROM workspace_files f JOIN file_blobs b ON b."Hash" = f."Hash"
                WHERE f."WorkspaceId" = @ws AND b."Text" IS NOT NULL {string.Join(' ', likes)}
                ORDER BY f."Path"
                LIMIT @max
                """;
        }

        return db.Database.SqlQueryRaw<CandidateFile>(sql, [.. parameters]).ToListAsync(cancellationToken);
    }

    private static DbParameter Parameter(BujjiDbContext db, string name, object value)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }
}
