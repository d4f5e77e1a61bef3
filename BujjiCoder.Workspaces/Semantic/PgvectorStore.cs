using System.Globalization;
using BujjiCoder.Data;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Nearest chunks computed by PostgreSQL (pgvector's cosine distance <c>&lt;=&gt;</c> over <c>code_chunks.embedding</c>, see
/// <see cref="PgvectorSchema"/>), restricted to the workspace's current files the same way as <see cref="ExactVectorStore"/>.
/// </summary>
/// <remarks>
/// Exact, like the in-process store: the workspace's chunks are all compared (no approximate index), so both stores give
/// the same answers and the choice between them is where the vectors live, not what is found. An HNSW index would help
/// only a search over one very large set; here every query is filtered to one workspace first.
/// </remarks>
public sealed class PgvectorStore(BujjiDbContext db, EmbeddingModel model) : IVectorStore
{
    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(Guid workspaceId, ReadOnlyMemory<float> query, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        // pgvector reads its text form; the query is 384 numbers, so this costs nothing next to the search.
        var literal = "[" + string.Join(',', query.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT f."Path" AS "Path", c."BlobHash" AS "BlobHash", c."StartLine" AS "StartLine", c."EndLine" AS "EndLine",
                   c."Symbol" AS "Symbol", c."Kind" AS "Kind", 1 - (c.embedding <=> {literal}::vector) AS "Score"
            FROM workspace_files f
            JOIN code_chunks c ON c."BlobHash" = f."Hash" AND c."Model" = {model.Id}
            WHERE f."WorkspaceId" = {workspaceId}
            ORDER BY c.embedding <=> {literal}::vector, f."Path", c."StartLine"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ScoredChunk(r.Path, r.BlobHash, r.StartLine, r.EndLine, r.Symbol, r.Kind, r.Score))];
    }

    private sealed record Row(string Path, string BlobHash, int StartLine, int EndLine, string? Symbol, string? Kind, double Score);
}
