using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>OWASP API4, budgets in embedded mode: SQLite compares times as text and sums with other SQL, so the day and month sums are proven again.</summary>
public sealed class Api04BudgetSqliteTests(SqliteBudgetHost host) : IClassFixture<SqliteBudgetHost>
{
    [Fact]
    public async Task Day_and_month_sums_and_the_refusal_hold_on_sqlite()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", "def add(a, b):\n    return a - b\n"));
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, now.Date, input: 4_000, output: 1_000, costMicroUsd: 120_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, now, input: 2_000, output: 1_000, costMicroUsd: 30_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, now.Date.AddTicks(-1), input: 20_000, output: 0, costMicroUsd: 400_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, monthStart, input: 5_000, output: 5_000, costMicroUsd: 50_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, monthStart.AddTicks(-1), input: 900_000, output: 0, costMicroUsd: 9_000_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, now.Date, input: 800_000, output: 0, costMicroUsd: 0, cacheHit: true);

        var budget = await BudgetScenarios.BudgetAsync(user);
        host.Llm.Enqueue(new FakeReply("No change needed.", InputTokens: 1_500, OutputTokens: 500));
        var calls = host.Llm.CallCount;
        using var underBudget = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "add must add" });
        using var overBudget = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "and again" });

        var (daily, monthly) = (budget.GetProperty("daily"), budget.GetProperty("monthly"));
        Assert.Equal((8_000L, 2_000L, 0.15m), (daily.GetProperty("usedTokens").GetInt64(), daily.GetProperty("remainingTokens").GetInt64(), daily.GetProperty("usedCostUsd").GetDecimal()));
        Assert.Equal((38_000L, 12_000L, 0.6m), (monthly.GetProperty("usedTokens").GetInt64(), monthly.GetProperty("remainingTokens").GetInt64(), monthly.GetProperty("usedCostUsd").GetDecimal()));
        Assert.Equal(HttpStatusCode.OK, underBudget.StatusCode);
        await BudgetScenarios.AssertBudgetExceededAsync(host, overBudget, "dailyTokens", now.Date.AddDays(1), allowed: 10_000, used: 10_000);
        Assert.Equal(calls + 1, host.Llm.CallCount);
    }
}
