using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Imports;

/// <summary>Settings of the <c>Worker:Imports</c> section: how replicas share import jobs.</summary>
internal sealed class ImportJobOptions : IValidatableObject
{
    public const string SectionName = "Worker:Imports";

    /// <summary>
    /// How long a claim holds without being renewed. A replica that dies mid-job holds it this long at most before
    /// another takes it over; replicas' clocks must agree to well within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Worker:Imports:LeaseDuration must be between 1 second and 1 hour.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the claimant renews its lease while it works.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00", ErrorMessage = "Worker:Imports:RenewEvery must be between 100 ms and 30 minutes.")]
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle replica looks for a job.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Worker:Imports:PollInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Claims a job may have; a job whose claimants keep dying fails (<c>import-interrupted</c>) instead of being claimed once more.</summary>
    [Range(1, 100, ErrorMessage = "Worker:Imports:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // One renewal may fail (a slow database) without the lease lapsing under a replica that is still working.
        if (RenewEvery * 2 > LeaseDuration)
        {
            yield return new ValidationResult(
                "Worker:Imports:RenewEvery must be at most half of Worker:Imports:LeaseDuration.", [nameof(RenewEvery), nameof(LeaseDuration)]);
        }
    }
}
