using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Retention;

/// <summary>Settings of the <c>Worker:Retention</c> section.</summary>
internal sealed class RetentionOptions
{
    public const string SectionName = "Worker:Retention";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Worker:Retention:Interval must be between 1 second and 7 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Rows deleted per statement: each batch commits on its own, so no table is locked for longer than a few thousand rows
    /// take, and the Api's writes slip in between batches.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Worker:Retention:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 2000;

    /// <summary>Content no file, revision or rules text refers to is deleted once it is at least this old.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:UnreferencedBlobAge must be between 0 and 365 days.")]
    public TimeSpan UnreferencedBlobAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Finished import jobs (and whatever is left of their uploads) are kept this long for their callers to read the outcome.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:ImportJobAge must be between 0 and 365 days.")]
    public TimeSpan ImportJobAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Raw usage records are deleted at this age, and only once the hourly roll-ups hold them. At least 32 days: budgets sum
    /// the current month from raw records.
    /// </summary>
    [Range(typeof(TimeSpan), "32.00:00:00", "3650.00:00:00", ErrorMessage = "Worker:Retention:UsageRecordAge must be between 32 and 3650 days.")]
    public TimeSpan UsageRecordAge { get; set; } = TimeSpan.FromDays(400);

    /// <summary>The roll-up job's setting that <see cref="UsageRecomputeWindow"/> is read from.</summary>
    public const string UsageRecomputeKey = "Worker:UsageRollup:Recompute";

    /// <summary>
    /// How far behind its cursor the roll-up job still recomputes hours from raw records (late records): raw records in that
    /// window stay, or a recompute would sum fewer of them than the roll-up already counted. Not a retention setting: read
    /// from the roll-up job's own <see cref="UsageRecomputeKey"/> (default 24 hours), so the two cannot drift apart.
    /// </summary>
    public TimeSpan UsageRecomputeWindow { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Worker:Retention:AuditEventAge must be between 1 and 3650 days.")]
    public TimeSpan AuditEventAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Refresh tokens are deleted this long after they expired or were revoked (a live token is never deleted).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:RefreshTokenAge must be between 0 and 365 days.")]
    public TimeSpan RefreshTokenAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Heartbeat rows of instances not seen for this long (replicas long gone).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:HeartbeatAge must be between 1 hour and 365 days.")]
    public TimeSpan HeartbeatAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Scheduled job runs older than this go, except each job's latest run and latest success (what <c>/admin/jobs</c> shows).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Worker:Retention:JobRunAge must be between 1 and 3650 days.")]
    public TimeSpan JobRunAge { get; set; } = TimeSpan.FromDays(90);
}
