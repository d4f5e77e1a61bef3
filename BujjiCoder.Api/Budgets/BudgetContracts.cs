using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Budgets;

/// <summary>
/// The <c>budget</c> of <c>PATCH /api/v1/admin/users/{id}</c>: the user's override, replaced as a whole. A limit left
/// out or null falls back to the role default, so <c>{}</c> removes the override. Tokens count input plus output;
/// costs are USD with at most six decimals.
/// </summary>
public sealed record BudgetRequest(
    [property: Range(0, BudgetLimits.MaxTokens, ErrorMessage = "A token limit is between 0 and 100000000000 (null for the role default).")] long? DailyTokens,
    [property: Range(0, BudgetLimits.MaxTokens, ErrorMessage = "A token limit is between 0 and 100000000000 (null for the role default).")] long? MonthlyTokens,
    [property: Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "A cost limit is between 0 and 1000000 USD (null for the role default).")] decimal? DailyCostUsd,
    [property: Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "A cost limit is between 0 and 1000000 USD (null for the role default).")] decimal? MonthlyCostUsd)
    : IValidatableObject
{
    public bool ClearsAll => DailyTokens is null && MonthlyTokens is null && DailyCostUsd is null && MonthlyCostUsd is null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(DailyCostUsd), DailyCostUsd), (nameof(MonthlyCostUsd), MonthlyCostUsd) })
        {
            if (value is { } usd && !BudgetLimits.HasCostPrecision(usd))
            {
                yield return new ValidationResult($"Costs are kept in millionths of a dollar: at most {BudgetLimits.CostDecimals} decimals.", [name]);
            }
        }

        if (DailyTokens > MonthlyTokens)
        {
            yield return new ValidationResult("The daily token limit cannot exceed the monthly one.", [nameof(DailyTokens)]);
        }

        if (DailyCostUsd > MonthlyCostUsd)
        {
            yield return new ValidationResult("The daily cost limit cannot exceed the monthly one.", [nameof(DailyCostUsd)]);
        }
    }

    /// <summary>For the audit log: what was set, <c>-</c> for the role default.</summary>
    public string Describe() => ClearsAll
        ? "budget=role-default"
        : $"dailyTokens={Show(DailyTokens)};monthlyTokens={Show(MonthlyTokens)};dailyCostUsd={Show(DailyCostUsd)};monthlyCostUsd={Show(MonthlyCostUsd)}";

    private static string Show<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>A user's override as admins see it; limits not overridden are null (the role default applies).</summary>
internal sealed record BudgetOverrideResponse(long? DailyTokens, long? MonthlyTokens, decimal? DailyCostUsd, decimal? MonthlyCostUsd, DateTime UpdatedAt, string? UpdatedBy)
{
    public static BudgetOverrideResponse? From(UserBudget? budget) => budget is null
        ? null
        : new(budget.DailyTokens, budget.MonthlyTokens, BudgetLimits.ToUsd(budget.DailyCostMicroUsd), BudgetLimits.ToUsd(budget.MonthlyCostMicroUsd),
            budget.UpdatedAt, budget.UpdatedBy);
}

/// <summary>The caller's budget in <c>/me/usage</c>: the current UTC day and month.</summary>
internal sealed record BudgetReport(BudgetPeriodReport Daily, BudgetPeriodReport Monthly)
{
    public static BudgetReport From(BudgetStatus status)
    {
        var (limits, used) = (status.Limits, status.Used);
        return new BudgetReport(
            BudgetPeriodReport.Of(limits.DailyTokens, limits.DailyCostMicroUsd, used.DayTokens, used.DayCostMicroUsd, status.DayResetsAt),
            BudgetPeriodReport.Of(limits.MonthlyTokens, limits.MonthlyCostMicroUsd, used.MonthTokens, used.MonthCostMicroUsd, status.MonthResetsAt));
    }
}

/// <summary>One period: the limits (null = unlimited), what was used, what remains (null = unlimited, never below 0) and when it resets.</summary>
internal sealed record BudgetPeriodReport(
    long? Tokens, decimal? CostUsd, long UsedTokens, decimal UsedCostUsd, long? RemainingTokens, decimal? RemainingCostUsd, DateTime ResetsAt)
{
    public static BudgetPeriodReport Of(long? tokens, long? costMicroUsd, long usedTokens, long usedCostMicroUsd, DateTime resetsAt) => new(
        tokens, BudgetLimits.ToUsd(costMicroUsd), usedTokens, BudgetLimits.ToUsd(usedCostMicroUsd)!.Value,
        tokens is { } t ? Math.Max(0, t - usedTokens) : null,
        costMicroUsd is { } c ? BudgetLimits.ToUsd(Math.Max(0, c - usedCostMicroUsd)) : null,
        resetsAt);
}
