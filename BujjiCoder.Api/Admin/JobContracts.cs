namespace BujjiCoder.Api.Admin;

/// <summary>The Worker's scheduled jobs and its latest backups, for operators and the alerts that page on them.</summary>
internal sealed record JobsResponse(IReadOnlyList<JobResponse> Jobs, IReadOnlyList<BackupResponse> Backups);

/// <summary>
/// One scheduled job as <c>job_runs</c> tells it. <c>nextRunAt</c> is the slot after the latest one a replica claimed; in the
/// past, it is overdue (no replica runs the job). <c>failing</c>: the latest run that reached a verdict failed or was abandoned.
/// </summary>
internal sealed record JobResponse(string Name, double IntervalSeconds, JobRunResponse? LastRun, DateTime? LastSuccessAt, DateTime NextRunAt, bool Failing);

/// <summary>A run (skipped slots are not runs): <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>abandoned</c>.</summary>
internal sealed record JobRunResponse(
    DateTime Slot, DateTime StartedAt, DateTime? FinishedAt, long? DurationMs, string Outcome, string? Error, string Replica);

/// <summary>A backup still held by its destinations; <c>verification</c> is <c>pending</c>, <c>verified</c> or <c>failed</c>.</summary>
internal sealed record BackupResponse(
    string Id, string Provider, DateTime CreatedAt, string[] Destinations, long SizeBytes, bool Encrypted, int Tables, long Rows, int DurationMs,
    string Verification, DateTime? VerifiedAt, int? VerifyDurationMs, string? VerificationError);
