namespace BujjiCoder.Data.Entities;

/// <summary>
/// Usage records summed per period (an hour or a UTC day), user, model and workspace, so reports over long windows read
/// a few rows instead of every call. Written only by the Worker's roll-up job, which replaces a period's rows whole
/// (never adds to them), so a re-run cannot count a record twice.
/// </summary>
public sealed class UsageRollup
{
    public long Id { get; set; }

    /// <summary><see cref="UsageRollupPeriods.Hour"/> or <see cref="UsageRollupPeriods.Day"/>.</summary>
    public required string Period { get; set; }

    /// <summary>The period's first instant (UTC): a whole hour or midnight.</summary>
    public DateTime Start { get; set; }

    public required string UserId { get; set; }

    public required string Model { get; set; }

    /// <summary>The workspace the calls were made in; <see cref="Guid.Empty"/> for records that have none, so the unique index holds.</summary>
    public Guid WorkspaceId { get; set; }

    public long Requests { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long CostMicroUsd { get; set; }

    public long CacheHits { get; set; }
}

public static class UsageRollupPeriods
{
    public const string Hour = "hour";
    public const string Day = "day";
}
