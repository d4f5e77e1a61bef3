using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// Turns a large upload into a job for a Worker: the job and its upload are stored together (see
/// <see cref="ImportUploads"/>) and any Worker replica claims it. The Api runs nothing of it.
/// </summary>
internal sealed partial class ImportJobs(
    BujjiDbContext db, ImportUploads uploads, RuntimeInfrastructure infrastructure, IOptions<WorkspaceLimits> limits, TimeProvider time,
    ILogger<ImportJobs> logger)
{
    /// <summary>How recently a Worker must have beaten (<c>service_heartbeats</c>) for an embedded Api to leave a job to it.</summary>
    public static readonly TimeSpan WorkerSeenWithin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a Worker will run the job. With a server database, always: a job waits in the database for a Worker,
    /// however long none runs. In embedded mode only when a Worker shares the SQLite file and beat lately: a bare
    /// <c>dotnet run</c> of the Api has none, so it imports while the caller waits instead (and says so).
    /// </summary>
    public async Task<bool> WorkerWillRunAsync(long uploadBytes, CancellationToken cancellationToken)
    {
        if (!infrastructure.IsEmbedded)
        {
            return true;
        }

        if (await WorkerBeatingAsync(db, time, cancellationToken))
        {
            return true;
        }

        LogNoWorker(logger, uploadBytes, WorkerSeenWithin);
        return false;
    }

    /// <summary>Whether a Worker has beaten within <see cref="WorkerSeenWithin"/>: the rule for who runs imports and indexing in embedded mode.</summary>
    public static Task<bool> WorkerBeatingAsync(BujjiDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - WorkerSeenWithin;
        return db.ServiceHeartbeats.AnyAsync(h => h.Service == ServiceHeartbeat.WorkerService && h.LastSeenAt > since, cancellationToken);
    }

    /// <summary>Stores the upload as a queued job; null when <see cref="WorkspaceLimits.MaxPendingImportJobs"/> are pending already.</summary>
    public async Task<ImportJob?> EnqueueAsync(
        Guid workspaceId, string userId, ArchiveUpload upload, bool respectGitignore, string? message, CancellationToken cancellationToken)
    {
        // Checked before the upload is stored, not under a lock: two uploads at the same moment may both get in.
        var pending = await db.ImportJobs.CountAsync(j => j.Status == ImportJobStatus.Queued || j.Status == ImportJobStatus.Running, cancellationToken);
        if (pending >= limits.Value.MaxPendingImportJobs)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(), WorkspaceId = workspaceId, CreatedBy = userId, Status = ImportJobStatus.Queued,
            BytesTotal = upload.Length, CreatedAt = now, UpdatedAt = now, UploadName = upload.FileName, RespectGitignore = respectGitignore,
            Message = message,
        };
        await using var archive = File.OpenRead(upload.Path!);
        await uploads.EnqueueAsync(job, archive, cancellationToken);
        return job;
    }

    [LoggerMessage(LogLevel.Information,
        "Embedded mode and no Worker has beaten within {Window}: importing the {Bytes}-byte upload while the caller waits instead of as a job")]
    private static partial void LogNoWorker(ILogger logger, long bytes, TimeSpan window);
}
