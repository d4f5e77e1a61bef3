using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Budgets;

/// <summary>
/// The four limits of one user, null meaning unlimited. Costs are in millionths of a dollar, the unit usage records
/// are costed in, so comparisons are exact on every database.
/// </summary>
internal sealed record BudgetLimits(long? DailyTokens, long? MonthlyTokens, long? DailyCostMicroUsd, long? MonthlyCostMicroUsd)
{
    /// <summary>The largest token limit accepted: far beyond any real use, small enough to rule out typos in the trillions.</summary>
    public const long MaxTokens = 100_000_000_000;

    /// <summary>The largest cost limit accepted, in USD.</summary>
    public const long MaxCostUsd = 1_000_000;

    /// <summary>Costs are kept in millionths of a dollar, so a limit has at most six decimals.</summary>
    public const int CostDecimals = 6;

    public static BudgetLimits Unlimited { get; } = new(null, null, null, null);

    public bool IsUnlimited => DailyTokens is null && MonthlyTokens is null && DailyCostMicroUsd is null && MonthlyCostMicroUsd is null;

    /// <summary>
    /// The most generous of the roles' defaults, limit by limit: a role without an entry, or without that limit, makes
    /// it unlimited; otherwise the highest wins. No roles at all means no defaults to apply (unlimited).
    /// </summary>
    public static BudgetLimits ForRoles(BudgetOptions options, IEnumerable<string> roles)
    {
        var perRole = roles.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(role => options.Roles.TryGetValue(role, out var limits) ? limits.ToLimits() : Unlimited).ToList();
        return new BudgetLimits(
            MostGenerous(perRole.Select(l => l.DailyTokens)),
            MostGenerous(perRole.Select(l => l.MonthlyTokens)),
            MostGenerous(perRole.Select(l => l.DailyCostMicroUsd)),
            MostGenerous(perRole.Select(l => l.MonthlyCostMicroUsd)));
    }

    /// <summary>These limits with the override's set ones in their place.</summary>
    public BudgetLimits With(UserBudget? overrides) => overrides is null
        ? this
        : new BudgetLimits(
            overrides.DailyTokens ?? DailyTokens,
            overrides.MonthlyTokens ?? MonthlyTokens,
            overrides.DailyCostMicroUsd ?? DailyCostMicroUsd,
            overrides.MonthlyCostMicroUsd ?? MonthlyCostMicroUsd);

    public static long? ToMicroUsd(decimal? usd) => usd is { } value ? (long)decimal.Round(value * 1_000_000m, MidpointRounding.ToZero) : null;

    public static decimal? ToUsd(long? microUsd) => microUsd is { } value ? value / 1_000_000m : null;

    /// <summary>True when <paramref name="usd"/> has no more decimals than a micro-dollar holds.</summary>
    public static bool HasCostPrecision(decimal usd) => decimal.Round(usd, CostDecimals) == usd;

    private static long? MostGenerous(IEnumerable<long?> limits)
    {
        long? best = null;
        foreach (var limit in limits)
        {
            if (limit is null)
            {
                return null;
            }

            best = best is null ? limit : Math.Max(best.Value, limit.Value);
        }

        return best;
    }
}
