using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Usage;

/// <summary>Settings of the <c>Worker:UsageRollup</c> section.</summary>
internal sealed class UsageRollupOptions : IValidatableObject
{
    public const string SectionName = "Worker:UsageRollup";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Worker:UsageRollup:Interval must be between 1 second and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An hour is rolled up once it closed at least this long ago, so a call recorded as its hour ends (its record is
    /// stamped before it commits) is in the hour's rows the first time they are written.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Worker:UsageRollup:Grace must be between 0 and 1 day.")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How far back every run writes hours again, so records that arrive late (up to this much) are counted. Whole hours:
    /// retention deletes raw records only before (hour cursor − Recompute), and a run must never recompute an hour whose
    /// records are partly gone.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "31.00:00:00", ErrorMessage = "Worker:UsageRollup:Recompute must be between 1 hour and 31 days.")]
    public TimeSpan Recompute { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Days of records summed per transaction, so a first run over a large table never holds one huge transaction.</summary>
    [Range(1, 31, ErrorMessage = "Worker:UsageRollup:BatchDays must be between 1 and 31.")]
    public int BatchDays { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Recompute.Ticks % TimeSpan.TicksPerHour != 0)
        {
            yield return new ValidationResult("Worker:UsageRollup:Recompute must be a whole number of hours.", [nameof(Recompute)]);
        }
    }
}
