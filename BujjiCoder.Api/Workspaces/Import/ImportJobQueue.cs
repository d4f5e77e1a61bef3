using System.Collections.Concurrent;
using System.Threading.Channels;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>An uploaded archive waiting for <see cref="ImportJobRunner"/>; the temporary file is the runner's to delete.</summary>
internal sealed record QueuedImport(
    Guid JobId, Guid WorkspaceId, string UserId, string ArchivePath, string UploadName, bool RespectGitignore, string? Message);

/// <summary>Imports accepted by this replica and not finished yet, at most <see cref="Capacity"/> (each holds an upload on disk).</summary>
internal sealed class ImportJobQueue
{
    public const int Capacity = 8;
    public const string UploadPrefix = "bujji-import-";

    private readonly Channel<QueuedImport> channel = Channel.CreateBounded<QueuedImport>(Capacity);
    private readonly ConcurrentDictionary<Guid, bool> active = new();

    public ChannelReader<QueuedImport> Reader => channel.Reader;

    /// <summary>False when the queue is full: the caller should come back later.</summary>
    public bool TryEnqueue(QueuedImport import)
    {
        active[import.JobId] = true;
        if (channel.Writer.TryWrite(import))
        {
            return true;
        }

        active.TryRemove(import.JobId, out _);
        return false;
    }

    /// <summary>True while this replica has the job; a job nobody has and nobody updates has died with its replica.</summary>
    public bool IsActiveHere(Guid jobId) => active.ContainsKey(jobId);

    public void Finished(Guid jobId) => active.TryRemove(jobId, out _);

    public IReadOnlyList<Guid> ActiveJobs => [.. active.Keys];

    /// <summary>Uploads a crashed process left in the temporary directory (a day old: another replica on this host may still want its own).</summary>
    public static void DeleteAbandonedUploads(TimeProvider time)
    {
        foreach (var file in new DirectoryInfo(Path.GetTempPath()).EnumerateFiles(UploadPrefix + "*"))
        {
            if (time.GetUtcNow().UtcDateTime - file.LastWriteTimeUtc > TimeSpan.FromDays(1))
            {
                file.Delete();
            }
        }
    }
}
