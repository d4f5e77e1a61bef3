using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Budgets;

/// <summary>
/// Decides, before a model is called, whether the user still has budget: limits from their roles and override, use
/// summed from <c>usage_records</c>. A check costs a primary-key read of the override and, only when some limit
/// applies, one aggregate query (day and month together) over the user's records since the month began, which the
/// <c>(UserId, At)</c> index covers. Calls running at the same moment all pass the same check, and a call that starts
/// under budget may end over it: budgets bound spending to within a few calls, they are not a reservation system.
/// </summary>
internal sealed class BudgetGuard(BujjiDbContext db, IOptionsMonitor<BudgetOptions> options, TimeProvider time, BudgetMetrics metrics)
{
    /// <summary>The used-up limit that refuses this call, or null when the caller may go ahead.</summary>
    public async Task<BudgetExceeded?> CheckAsync(ClaimsPrincipal caller, string userId, CancellationToken cancellationToken)
    {
        var exceeded = (await StatusAsync(caller, userId, sumWhenUnlimited: false, cancellationToken)).Exceeded();
        if (exceeded is not null)
        {
            metrics.Refused(exceeded);
        }

        return exceeded;
    }

    /// <summary>Limits and use for the caller's usage report.</summary>
    public Task<BudgetStatus> StatusAsync(ClaimsPrincipal caller, string userId, CancellationToken cancellationToken) =>
        StatusAsync(caller, userId, sumWhenUnlimited: true, cancellationToken);

    private async Task<BudgetStatus> StatusAsync(ClaimsPrincipal caller, string userId, bool sumWhenUnlimited, CancellationToken cancellationToken)
    {
        // Roles come from the caller's token, as for every other permission; a role change renews the security stamp.
        var overrides = await db.UserBudgets.AsNoTracking().SingleOrDefaultAsync(b => b.UserId == userId, cancellationToken);
        var limits = BudgetLimits.ForRoles(options.CurrentValue, caller.FindAll(TokenClaims.Role).Select(role => role.Value)).With(overrides);
        var now = time.GetUtcNow().UtcDateTime;
        var dayStart = now.Date;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var used = limits.IsUnlimited && !sumWhenUnlimited ? BudgetUsage.None : await UsedAsync(userId, dayStart, monthStart, cancellationToken);
        return new BudgetStatus(limits, used, now, dayStart.AddDays(1), monthStart.AddMonths(1));
    }

    /// <summary>
    /// Tokens (input + output) and cost since each period began, in one query. Cache hits are left out: no provider was
    /// called, so they cost nothing and spend no provider tokens. Failed and cancelled calls count: providers bill them.
    /// </summary>
    private async Task<BudgetUsage> UsedAsync(string userId, DateTime dayStart, DateTime monthStart, CancellationToken cancellationToken) =>
        await db.UsageRecords.AsNoTracking()
            .Where(u => u.UserId == userId && u.At >= monthStart && !u.CacheHit)
            .GroupBy(u => u.UserId)
            .Select(g => new BudgetUsage(
                g.Sum(u => u.At >= dayStart ? (long)u.InputTokens + u.OutputTokens : 0L),
                g.Sum(u => (long)u.InputTokens + u.OutputTokens),
                g.Sum(u => u.At >= dayStart ? u.CostMicroUsd : 0L),
                g.Sum(u => u.CostMicroUsd)))
            .SingleOrDefaultAsync(cancellationToken)
        ?? BudgetUsage.None;
}
