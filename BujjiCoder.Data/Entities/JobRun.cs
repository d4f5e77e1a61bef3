namespace BujjiCoder.Data.Entities;

/// <summary>
/// One run of a scheduled Worker job, for one slot of its schedule (e.g. the hour starting 14:00). The pair (Job, Slot) is
/// unique: the replica that inserts it runs the slot, and every other replica, or a restarted one, sees it taken.
/// </summary>
public sealed class JobRun
{
    public Guid Id { get; set; }

    public required string Job { get; set; }

    /// <summary>The start of the schedule slot this run is for (UTC, a multiple of the job's interval since the epoch).</summary>
    public DateTime Slot { get; set; }

    /// <summary>The job's slot spacing when this run was claimed, so readers (<c>/admin/jobs</c>) know the schedule without the Worker's settings.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>The Worker replica that ran it (its heartbeat instance id).</summary>
    public required string Replica { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>
    /// <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> when its replica stopped during the run, <c>skipped</c>
    /// when the job's previous run was still running on a live replica (so two runs of one job never overlap), or
    /// <c>abandoned</c> when it was still <c>running</c> but its replica had stopped beating or it ran past the runner's bound.
    /// </summary>
    public required string Outcome { get; set; }

    /// <summary>Why a run failed: the exception's type and message, cut short; never a stack trace.</summary>
    public string? Error { get; set; }
}

/// <summary>The values of <see cref="JobRun.Outcome"/>, shared by the Worker that writes them and the Api that reports them.</summary>
public static class JobRunOutcomes
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
    public const string Abandoned = "abandoned";

    /// <summary>Outcomes that say whether the job works: a stop (cancelled) or a slot left to a run still going (skipped) say nothing.</summary>
    public static readonly string[] Verdicts = [Succeeded, Failed, Abandoned];

    /// <summary>A job is failing while its latest verdict (see <see cref="Verdicts"/>) is anything but a success.</summary>
    public static bool IsFailing(string? latestVerdict) => latestVerdict is not (null or Succeeded);
}
