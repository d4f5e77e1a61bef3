using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Budgets;

/// <summary>Per-user overrides as administrators read and set them.</summary>
internal sealed class BudgetOverrides(BujjiDbContext db, TimeProvider time)
{
    public Task<UserBudget?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.UserBudgets.AsNoTracking().SingleOrDefaultAsync(b => b.UserId == userId, cancellationToken);

    public Task<Dictionary<string, UserBudget>> ForUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        db.UserBudgets.AsNoTracking().Where(b => userIds.Contains(b.UserId)).ToDictionaryAsync(b => b.UserId, cancellationToken);

    /// <summary>Replaces the user's override; one that sets nothing is deleted (role defaults again). Returns what is stored now.</summary>
    public async Task<UserBudget?> SetAsync(string userId, BudgetRequest request, string? actorId, CancellationToken cancellationToken)
    {
        if (request.ClearsAll)
        {
            await db.UserBudgets.Where(b => b.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        var budget = new UserBudget
        {
            UserId = userId,
            DailyTokens = request.DailyTokens,
            MonthlyTokens = request.MonthlyTokens,
            DailyCostMicroUsd = BudgetLimits.ToMicroUsd(request.DailyCostUsd),
            MonthlyCostMicroUsd = BudgetLimits.ToMicroUsd(request.MonthlyCostUsd),
            UpdatedAt = time.GetUtcNow().UtcDateTime,
            UpdatedBy = actorId,
        };
        if (await UpdateAsync(budget, cancellationToken) == 0)
        {
            db.UserBudgets.Add(budget);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another administrator created it in the meantime: last writer wins, as for an update.
                db.Entry(budget).State = EntityState.Detached;
                await UpdateAsync(budget, cancellationToken);
            }
        }

        return budget;
    }

    private Task<int> UpdateAsync(UserBudget budget, CancellationToken cancellationToken) =>
        db.UserBudgets.Where(b => b.UserId == budget.UserId).ExecuteUpdateAsync(set => set
            .SetProperty(b => b.DailyTokens, budget.DailyTokens)
            .SetProperty(b => b.MonthlyTokens, budget.MonthlyTokens)
            .SetProperty(b => b.DailyCostMicroUsd, budget.DailyCostMicroUsd)
            .SetProperty(b => b.MonthlyCostMicroUsd, budget.MonthlyCostMicroUsd)
            .SetProperty(b => b.UpdatedAt, budget.UpdatedAt)
            .SetProperty(b => b.UpdatedBy, budget.UpdatedBy), cancellationToken);
}
