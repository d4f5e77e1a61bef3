namespace BujjiCoder.Api.Budgets;

/// <summary>What a user has used since the start of the UTC day and month; cache hits are not counted.</summary>
internal sealed record BudgetUsage(long DayTokens, long MonthTokens, long DayCostMicroUsd, long MonthCostMicroUsd)
{
    public static BudgetUsage None { get; } = new(0, 0, 0, 0);
}

/// <summary>A user's limits against their use, at one moment.</summary>
internal sealed record BudgetStatus(BudgetLimits Limits, BudgetUsage Used, DateTime Now, DateTime DayResetsAt, DateTime MonthResetsAt)
{
    /// <summary>
    /// The limit that is used up, or null. A used-up monthly limit is named before a daily one: the caller has to wait
    /// for the later reset either way. A limit counts as used up once use reaches it, so a limit of 0 allows nothing.
    /// </summary>
    public BudgetExceeded? Exceeded() =>
        Over(BudgetLimit.MonthlyTokens, Limits.MonthlyTokens, Used.MonthTokens, MonthResetsAt)
        ?? Over(BudgetLimit.MonthlyCostUsd, Limits.MonthlyCostMicroUsd, Used.MonthCostMicroUsd, MonthResetsAt)
        ?? Over(BudgetLimit.DailyTokens, Limits.DailyTokens, Used.DayTokens, DayResetsAt)
        ?? Over(BudgetLimit.DailyCostUsd, Limits.DailyCostMicroUsd, Used.DayCostMicroUsd, DayResetsAt);

    private BudgetExceeded? Over(BudgetLimit limit, long? allowed, long used, DateTime resetsAt) =>
        allowed is { } value && used >= value ? new BudgetExceeded(limit, value, used, resetsAt, resetsAt - Now) : null;
}

/// <summary>The four limits, named as the problem response and the admin request name them.</summary>
internal enum BudgetLimit
{
    DailyTokens,
    MonthlyTokens,
    DailyCostUsd,
    MonthlyCostUsd,
}

/// <summary>A used-up limit: how much it allows and how much was used (tokens, or micro-dollars for costs), and when it resets.</summary>
internal sealed record BudgetExceeded(BudgetLimit Limit, long Allowed, long Used, DateTime ResetsAt, TimeSpan RetryAfter)
{
    public bool IsCost => Limit is BudgetLimit.DailyCostUsd or BudgetLimit.MonthlyCostUsd;

    public bool IsMonthly => Limit is BudgetLimit.MonthlyTokens or BudgetLimit.MonthlyCostUsd;
}
