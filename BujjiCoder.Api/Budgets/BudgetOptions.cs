namespace BujjiCoder.Api.Budgets;

/// <summary>
/// The <c>Budgets</c> section: each role's default LLM budget per UTC day and month. A limit left unset is unlimited;
/// a user with several roles gets the most generous of them; an administrator's per-user override beats both.
/// </summary>
internal sealed class BudgetOptions
{
    public const string SectionName = "Budgets";

    /// <summary>By role name (<c>Admin</c>, <c>User</c>, <c>Guest</c>); a role without an entry is unlimited.</summary>
    public Dictionary<string, RoleBudgetOptions> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One role's limits; tokens count input plus output, costs are USD as priced by the model catalogue.</summary>
internal sealed class RoleBudgetOptions
{
    public long? DailyTokens { get; set; }

    public long? MonthlyTokens { get; set; }

    public decimal? DailyCostUsd { get; set; }

    public decimal? MonthlyCostUsd { get; set; }

    public BudgetLimits ToLimits() =>
        new(DailyTokens, MonthlyTokens, BudgetLimits.ToMicroUsd(DailyCostUsd), BudgetLimits.ToMicroUsd(MonthlyCostUsd));
}
