namespace BujjiCoder.Worker.Scheduling;

/// <summary>
/// Why a run failed, as <c>job_runs.Error</c> and <c>database_backups.VerificationError</c> keep it: the exception's type and
/// message, never a stack trace (operators read it in /admin/jobs), cut to the columns' length.
/// </summary>
internal static class RunErrors
{
    /// <summary>The length of both columns (see their configurations in BujjiCoder.Data).</summary>
    public const int MaxLength = 500;

    public static string Summary(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    public static string Cut(string error) => error.Length <= MaxLength ? error : error[..MaxLength];
}
