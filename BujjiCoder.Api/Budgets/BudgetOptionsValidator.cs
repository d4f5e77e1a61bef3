using BujjiCoder.Api.Auth;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Budgets;

/// <summary>Start-up checks of <c>Budgets:Roles</c>: a mistake stops the process with one line naming the key.</summary>
internal sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    public ValidateOptionsResult Validate(string? name, BudgetOptions options)
    {
        var errors = new List<string>();
        foreach (var (role, limits) in options.Roles)
        {
            var key = $"{BudgetOptions.SectionName}:Roles:{role}";
            if (!Permissions.ByRole.Keys.Contains(role, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{key} is not a role; roles are {string.Join(", ", Permissions.ByRole.Keys)}.");
                continue;
            }

            foreach (var (limit, value) in new[] { ("DailyTokens", limits.DailyTokens), ("MonthlyTokens", limits.MonthlyTokens) })
            {
                if (value is < 0 or > BudgetLimits.MaxTokens)
                {
                    errors.Add($"{key}:{limit} must be between 0 and {BudgetLimits.MaxTokens} (unset for unlimited).");
                }
            }

            foreach (var (limit, value) in new[] { ("DailyCostUsd", limits.DailyCostUsd), ("MonthlyCostUsd", limits.MonthlyCostUsd) })
            {
                if (value is { } usd && (usd < 0 || usd > BudgetLimits.MaxCostUsd || !BudgetLimits.HasCostPrecision(usd)))
                {
                    errors.Add($"{key}:{limit} must be between 0 and {BudgetLimits.MaxCostUsd} USD with at most {BudgetLimits.CostDecimals} decimals (unset for unlimited).");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
