using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Usage;

/// <summary>
/// Usage and cost: a user's own (<c>/me/usage</c>) and everyone's per user (<c>/admin/usage</c>, permission
/// admin.usage), grouped by day or by model, summed from the Worker's roll-ups and the records not rolled up yet
/// (<see cref="UsageSums"/>). The window defaults to the last 30 days.
/// A user's own report also says how much of their budget is left this UTC day and month, whatever the window.
/// </summary>
internal static class UsageEndpoints
{
    public static RouteGroupBuilder MapUsageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/usage", (
            [AsParameters] UsageQuery query, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, BudgetGuard budgets, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var userId = caller.FindFirstValue(TokenClaims.Subject)!;
            return ReportAsync(db, time, query, userId, async ct => BudgetReport.From(await budgets.StatusAsync(caller, userId, ct)), cancellationToken);
        }).WithTags("Usage");
        api.MapGet("/admin/usage", (
            [AsParameters] UsageQuery query, [FromServices] BujjiDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
                ReportAsync(db, time, query, userId: null, budget: null, cancellationToken)).WithTags("Usage").RequireAuthorization(Permissions.AdminUsage);
        return api;
    }

    private static async Task<Results<Ok<UsageReport>, ValidationProblem>> ReportAsync(
        BujjiDbContext db, TimeProvider time, UsageQuery query, string? userId, Func<CancellationToken, Task<BudgetReport>>? budget, CancellationToken cancellationToken)
    {
        var to = (query.To ?? time.GetUtcNow().UtcDateTime).ToUniversalTime();
        var from = (query.From ?? to.AddDays(-30)).ToUniversalTime();
        if (from > to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });
        }

        var groupBy = query.GroupBy ?? "day";
        var perUser = userId is null;
        var rows = await UsageSums.ReadAsync(db, from, to, userId, byModel: groupBy == "model", cancellationToken);
        if (perUser)
        {
            var ids = rows.Select(r => r.UserId).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, cancellationToken);
            rows = [.. rows.Select(r => r with { UserName = r.UserId is null ? null : names.GetValueOrDefault(r.UserId) })];
        }

        var totals = new UsageTotals(rows.Sum(r => r.Requests), rows.Sum(r => r.InputTokens), rows.Sum(r => r.OutputTokens), rows.Sum(r => r.CostUsd), rows.Sum(r => r.CacheHits));
        return TypedResults.Ok(new UsageReport(from, to, groupBy, totals,
            [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.UserId, StringComparer.Ordinal)],
            budget is null ? null : await budget(cancellationToken)));
    }
}
