namespace BujjiCoder.Data.Entities;

/// <summary>
/// The last sign of life of one running service instance (a Worker replica, say), so operators
/// can see from the database which instances run and when each was last seen.
/// </summary>
public sealed class ServiceHeartbeat
{
    /// <summary>The <see cref="Service"/> of Worker replicas (the Api looks for them before leaving an import to one).</summary>
    public const string WorkerService = "worker";

    /// <summary>Service name and instance, e.g. <c>worker/7f3c…</c>.</summary>
    public required string InstanceId { get; set; }

    public required string Service { get; set; }

    public required string Version { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public long Beats { get; set; }
}
