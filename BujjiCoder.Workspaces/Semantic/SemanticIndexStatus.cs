using BujjiCoder.Data;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// How far the semantic index has got with a workspace's current text files under the current model. A file is indexed when
/// its blob is embedded (<c>embedded_blobs</c>), pending otherwise; chunks are counted per file, as search sees them.
/// </summary>
public sealed record SemanticIndexCounts(int Files, int IndexedFiles, int PendingFiles, long Chunks, DateTime? LastIndexedAt);

public sealed class SemanticIndexStatus(BujjiDbContext db, EmbeddingModel model)
{
    public async Task<SemanticIndexCounts> CountAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var textFiles = db.WorkspaceFiles.AsNoTracking().Where(f => f.WorkspaceId == workspaceId && !f.IsBinary);
        var files = await textFiles.CountAsync(cancellationToken);
        var indexed = await (from file in textFiles
                             join embedded in db.EmbeddedBlobs on file.Hash equals embedded.BlobHash
                             where embedded.Model == model.Id
                             group embedded by 1 into all
                             select new { Files = all.Count(), Chunks = all.Sum(e => (long)e.ChunkCount), Last = all.Max(e => (DateTime?)e.EmbeddedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        var indexedFiles = indexed?.Files ?? 0;
        return new SemanticIndexCounts(files, indexedFiles, files - indexedFiles, indexed?.Chunks ?? 0,
            indexed?.Last is { } last ? DateTime.SpecifyKind(last, DateTimeKind.Utc) : null);
    }
}
