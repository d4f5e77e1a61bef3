using System.Diagnostics.Metrics;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Archive imports by how they ran (<c>sync</c> in the Api's request, <c>job</c> in a Worker, <c>queue</c> for the Api
/// handing one to a Worker) and how they ended: succeeded, rejected (the archive or the change was refused: the
/// uploader's business), failed (ours), queued, queue_full.
/// </summary>
public sealed class ImportMetrics(IMeterFactory meterFactory)
{
    public const string MeterName = "BujjiCoder.Imports";

    public const string Sync = "sync";
    public const string Job = "job";
    public const string Queue = "queue";

    public const string Succeeded = "succeeded";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string Queued = "queued";
    public const string QueueFull = "queue_full";

    private readonly Counter<long> _imports = meterFactory.Create(MeterName).CreateCounter<long>(
        "bujji.imports", "{import}", "Archive imports by mode (sync, job, queue) and outcome (succeeded, rejected, failed, queued, queue_full).");

    public void Record(string mode, string outcome) =>
        _imports.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("outcome", outcome));
}
