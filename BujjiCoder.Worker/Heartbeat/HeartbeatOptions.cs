using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Worker.Heartbeat;

/// <summary>Settings of the <c>Worker:Heartbeat</c> section.</summary>
internal sealed class HeartbeatOptions
{
    public const string SectionName = "Worker:Heartbeat";

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Worker:Heartbeat:Interval must be between 100 ms and 1 hour.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Missed beats after which the worker reports itself unhealthy.</summary>
    [Range(2, 100, ErrorMessage = "Worker:Heartbeat:MissedBeatsBeforeUnhealthy must be between 2 and 100.")]
    public int MissedBeatsBeforeUnhealthy { get; set; } = 3;
}
