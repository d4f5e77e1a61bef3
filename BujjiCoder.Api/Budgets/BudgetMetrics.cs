using System.Diagnostics.Metrics;

namespace BujjiCoder.Api.Budgets;

/// <summary>Model calls refused because a budget was used up, by the limit's period (day, month) and measure (tokens, cost).</summary>
internal sealed class BudgetMetrics(IMeterFactory meterFactory)
{
    public const string MeterName = "BujjiCoder.Api.Budgets";

    private readonly Counter<long> _refusals = meterFactory.Create(MeterName).CreateCounter<long>(
        "bujji.budget.refusals", "{call}", "Model calls refused with 429 budget-exceeded, by period (day, month) and limit (tokens, cost).");

    public void Refused(BudgetExceeded exceeded) => _refusals.Add(1,
        new KeyValuePair<string, object?>("period", exceeded.IsMonthly ? "month" : "day"),
        new KeyValuePair<string, object?>("limit", exceeded.IsCost ? "cost" : "tokens"));
}
