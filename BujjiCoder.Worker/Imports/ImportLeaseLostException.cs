namespace BujjiCoder.Worker.Imports;

/// <summary>This replica no longer holds the job: another claimed it after the lease lapsed, or it was deleted.</summary>
internal sealed class ImportLeaseLostException(Guid jobId) : Exception($"Import job {jobId} is no longer held by this replica.");
