using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Scheduling;

/// <summary>Settings of the <c>Worker:Scheduling</c> section.</summary>
internal sealed class SchedulingOptions
{
    public const string SectionName = "Worker:Scheduling";

    /// <summary>
    /// A run still <c>running</c> after this long is taken for hung and marked <c>abandoned</c>, even though its replica still
    /// beats, so the job's next slot runs again. Longer than any honest run (a backup of a large database included).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Worker:Scheduling:AbandonRunsAfter must be between 1 second and 7 days.")]
    public TimeSpan AbandonRunsAfter { get; set; } = TimeSpan.FromHours(12);
}
