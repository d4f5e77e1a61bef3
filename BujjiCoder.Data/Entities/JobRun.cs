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

    /// <summary>The Worker replica that ran it (its heartbeat instance id).</summary>
    public required string Replica { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c>, or <c>cancelled</c> when its replica stopped during the run.</summary>
    public required string Outcome { get; set; }

    /// <summary>Why a run failed: the exception's type and message, cut short; never a stack trace.</summary>
    public string? Error { get; set; }
}
