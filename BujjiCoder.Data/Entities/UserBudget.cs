namespace BujjiCoder.Data.Entities;

/// <summary>
/// An administrator's override of one user's LLM budget. Each limit left null falls back to the user's role default
/// (<c>Budgets:Roles</c>); a user without a row has the role defaults only.
/// </summary>
public sealed class UserBudget
{
    public required string UserId { get; set; }

    /// <summary>Input plus output tokens per UTC day.</summary>
    public long? DailyTokens { get; set; }

    /// <summary>Input plus output tokens per UTC calendar month.</summary>
    public long? MonthlyTokens { get; set; }

    /// <summary>Millionths of a dollar per UTC day, the unit usage records are costed in.</summary>
    public long? DailyCostMicroUsd { get; set; }

    /// <summary>Millionths of a dollar per UTC calendar month.</summary>
    public long? MonthlyCostMicroUsd { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The administrator who set it (kept when that account is deleted; the audit log has the history).</summary>
    public string? UpdatedBy { get; set; }
}
