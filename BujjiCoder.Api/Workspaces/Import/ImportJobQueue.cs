using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>An uploaded archive waiting for <see cref="ImportJobRunner"/>; the temporary file is the runner's to delete.</summary>
internal sealed record QueuedImport(Guid JobId, Guid WorkspaceId, string UserId, string ArchivePath, bool RespectGitignore, string? Message);

/// <summary>Imports accepted by this replica and not finished yet.</summary>
internal sealed class ImportJobQueue
{
    private readonly Channel<QueuedImport> channel = Channel.CreateUnbounded<QueuedImport>();
    private readonly ConcurrentDictionary<Guid, bool> active = new();

    public ChannelReader<QueuedImport> Reader => channel.Reader;

    public void Enqueue(QueuedImport import)
    {
        active[import.JobId] = true;
        if (!channel.Writer.TryWrite(import))
        {
            throw new InvalidOperationException("The import queue is closed.");
        }
    }

    /// <summary>True while this replica has the job; a job nobody has and nobody updates has died with its replica.</summary>
    public bool IsActiveHere(Guid jobId) => active.ContainsKey(jobId);

    public void Finished(Guid jobId) => active.TryRemove(jobId, out _);
}
