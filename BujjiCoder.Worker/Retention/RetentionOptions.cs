using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Retention;

/// <summary>Settings of the <c>Worker:Retention</c> section.</summary>
internal sealed class RetentionOptions
{
    public const string SectionName = "Worker:Retention";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Worker:Retention:Interval must be between 1 second and 7 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Content no file, revision or rules text refers to is deleted once it is at least this old.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:UnreferencedBlobAge must be between 0 and 365 days.")]
    public TimeSpan UnreferencedBlobAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Finished import jobs are kept this long for their callers to read the outcome.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Worker:Retention:ImportJobAge must be between 0 and 365 days.")]
    public TimeSpan ImportJobAge { get; set; } = TimeSpan.FromDays(7);
}
