using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// An import job's upload kept in the database beside the job, as <see cref="ImportUploadChunk"/> slices, so whichever
/// Worker replica claims the job can read it, and one that takes over after a crash needs no new upload.
/// </summary>
public sealed class ImportUploads(BujjiDbContext db)
{
    /// <summary>
    /// Adds the job and its upload, read from <paramref name="upload"/>'s start, in one transaction: no replica
    /// ever sees a job whose upload is not all there. Slices are written one at a time, so no more than one is in memory.
    /// </summary>
    public Task EnqueueAsync(ImportJob job, Stream upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(upload);
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async cancellation =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync(cancellation);
            db.ChangeTracker.Clear();

            upload.Position = 0;
            var buffer = new byte[ImportUploadChunk.MaxBytes];
            for (var index = 0; ; index++)
            {
                var read = await upload.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation);
                if (read == 0)
                {
                    break;
                }

                // The buffer is sent by SaveChanges and free again once it returns.
                db.ImportUploadChunks.Add(new ImportUploadChunk { JobId = job.Id, Index = index, Data = read == buffer.Length ? buffer : buffer[..read] });
                await db.SaveChangesAsync(cancellation);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(cancellation);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes the job's upload to <paramref name="target"/> in order and returns its length. Slice by slice, one query
    /// each: a retrying execution strategy would buffer a single query's rows, the whole upload, in memory.
    /// </summary>
    public async Task<long> CopyToAsync(Guid jobId, Stream target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        long length = 0;
        for (var index = 0; ; index++)
        {
            var data = await db.ImportUploadChunks.AsNoTracking()
                .Where(c => c.JobId == jobId && c.Index == index).Select(c => c.Data).SingleOrDefaultAsync(cancellationToken);
            if (data is null)
            {
                return length;
            }

            await target.WriteAsync(data, cancellationToken);
            length += data.Length;
        }
    }

    /// <summary>Deletes the job's upload; in the caller's transaction when it has one, so it goes with the job's outcome.</summary>
    public Task<int> DeleteAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.ImportUploadChunks.Where(c => c.JobId == jobId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>How many slices are kept for the job (none once it has ended).</summary>
    public Task<int> CountAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.ImportUploadChunks.CountAsync(c => c.JobId == jobId, cancellationToken);
}
