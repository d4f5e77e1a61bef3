namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// Work the Worker does on a schedule, once per slot across all replicas (see <see cref="ScheduledJobRunner"/>). A job
/// must tolerate a slot that no replica ran (all were down): the next slot does the work that is due.
/// </summary>
internal interface IScheduledJob
{
    /// <summary>The job's name in <c>job_runs</c>, logs and meters, e.g. <c>retention</c>.</summary>
    string Name { get; }

    /// <summary>How often it runs: slots start at multiples of this since the Unix epoch (UTC).</summary>
    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
