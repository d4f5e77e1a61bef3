namespace BujjiCoder.Data.Entities;

/// <summary>
/// How far a period's roll-ups reach: every period that starts before <see cref="RolledUpTo"/> has its rows in
/// <c>usage_rollups</c>; reports read raw records from there on. Moved in the same transaction as the rows it covers.
/// </summary>
public sealed class UsageRollupCursor
{
    /// <summary><see cref="UsageRollupPeriods.Hour"/> or <see cref="UsageRollupPeriods.Day"/>.</summary>
    public required string Period { get; set; }

    public DateTime RolledUpTo { get; set; }

    public DateTime UpdatedAt { get; set; }
}
