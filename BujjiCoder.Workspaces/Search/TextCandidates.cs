using System.Data.Common;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Search;

/// <summary>A file whose text holds every term, with the database's full-text rank (higher is better).</summary>
public sealed record CandidateFile(string Path, string Hash, string Text, double Rank);

/// <summary>
/// The files of a workspace that contain every term of a query, best ranked first, from the database's indexes:
/// on PostgreSQL the tsvector (words, ranked) and then the trigram index (substrings); on SQLite the FTS5
/// trigram table, ranked by bm25.
/// </summary>
public static class TextCandidates
{
    /// <summary>
    /// Word matches ranked per query at most; the rest of a very common word's matches are not looked at. Ranking
    /// costs a read of each match's tsvector: at 1,000 a query for two words most files hold took ~100 ms of a
    /// loaded 2-core server's time (EXPLAIN ANALYZE, 10,000 files), at 200 ~16 ms. Either pool is the first matches
    /// found, not the best, so a smaller one ranks a smaller sample of the same kind.
    /// </summary>
    private const int RankingPool = 200;

    public static Task<List<CandidateFile>> FindAsync(BujjiDbContext db, Guid workspaceId, SearchQuery query, int max, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() ? PostgresAsync(db, workspaceId, query, max, cancellationToken) : SqliteAsync(db, workspaceId, query, max, cancellationToken);

    /// <summary>
    /// Files holding every term as a word (the tsvector, exact and cheap to ask through GIN), ranked by ts_rank_cd
    /// among the first <see cref="RankingPool"/> of them so a query matching every file costs the same as one
    /// matching a few; only when no file has the words, files holding every term as a substring (the trigram
    /// index, for parts of identifiers such as "CartTax" in "OrderCartTaxService"), unranked.
    /// </summary>
    private static async Task<List<CandidateFile>> PostgresAsync(BujjiDbContext db, Guid workspaceId, SearchQuery query, int max, CancellationToken cancellationToken)
    {
        // Ranked in the same pass that finds the pool: a second join back to file_blobs to rank it made the planner
        // hash every blob of the database (half of the query's time in EXPLAIN ANALYZE).
        const string Words = """
            WITH ranked AS (
                SELECT pool."Path", pool."Hash", pool."Rank"
                FROM (
                    SELECT f."Path", f."Hash", ts_rank_cd(b."Search", plainto_tsquery('simple', @q))::float8 AS "Rank"
                    FROM workspace_files f JOIN file_blobs b ON b."Hash" = f."Hash"
                    WHERE f."WorkspaceId" = @ws AND b."Search" @@ plainto_tsquery('simple', @q)
                    LIMIT @pool) pool
                ORDER BY pool."Rank" DESC, pool."Path"
                LIMIT @max)
            SELECT r."Path" AS "Path", r."Hash" AS "Hash", b."Text" AS "Text", r."Rank" AS "Rank"
            FROM ranked r JOIN file_blobs b ON b."Hash" = r."Hash"
            """;
        var found = await db.Database.SqlQueryRaw<CandidateFile>(Words,
            Parameter(db, "ws", workspaceId), Parameter(db, "q", query.Phrase), Parameter(db, "pool", RankingPool), Parameter(db, "max", max))
            .ToListAsync(cancellationToken);
        if (found.Count > 0)
        {
            return found;
        }

        var parameters = new List<object> { Parameter(db, "ws", workspaceId), Parameter(db, "max", max) };
        var conditions = query.Terms.Select((term, i) =>
        {
            parameters.Add(Parameter(db, $"t{i}", SearchQuery.ContainsPattern(term)));
            return $"""AND b."Text" ILIKE @t{i}""";
        });
        var substrings = $"""
            SELECT f."Path" AS "Path", f."Hash" AS "Hash", b."Text" AS "Text", 0.0::float8 AS "Rank"
            FROM workspace_files f JOIN file_blobs b ON b."Hash" = f."Hash"
            WHERE f."WorkspaceId" = @ws AND b."Text" IS NOT NULL {string.Join(' ', conditions)}
            LIMIT @max
            """;
        return await db.Database.SqlQueryRaw<CandidateFile>(substrings, [.. parameters]).ToListAsync(cancellationToken);
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
