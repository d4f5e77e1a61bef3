using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>What the budget tests on either database share: seeding usage, reading the budget, and the refusal's shape.</summary>
internal static class BudgetScenarios
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// 429, problem details of type budget-exceeded naming the limit, its reset as <c>resetsAt</c> and as Retry-After
    /// (seconds until then on the host's clock), and the limit and use when given.
    /// </summary>
    public static async Task<JsonElement> AssertBudgetExceededAsync(
        ApiHost host, HttpResponseMessage response, string limit, DateTime resetsAt, long? allowed = null, long? used = null)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal("https://bujjicoder.dev/problems/budget-exceeded", problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.Equal(resetsAt, problem.GetProperty("resetsAt").GetDateTime().ToUniversalTime());
        Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling((resetsAt - host.Clock.GetUtcNow().UtcDateTime).TotalSeconds)), response.Headers.RetryAfter?.Delta);
        Assert.Contains(resetsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (allowed is not null)
        {
            Assert.Equal(allowed, problem.GetProperty("allowed").GetInt64());
        }

        if (used is not null)
        {
            Assert.Equal(used, problem.GetProperty("used").GetInt64());
        }

        return problem;
    }

    /// <summary>The <c>budget</c> of the user's <c>/me/usage</c>.</summary>
    public static async Task<JsonElement> BudgetAsync(WorkspaceClient user) => (await user.GetJsonAsync("/api/v1/me/usage")).GetProperty("budget");

    /// <summary>A usage record as the recorder writes it; cost input + 2 × output micro-dollars (the test model's prices) unless given.</summary>
    public static async Task AddUsageAsync(ApiHost host, string userId, DateTime at, int input, int output, long? costMicroUsd = null, bool cacheHit = false)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.Add(new UsageRecord
        {
            At = at, UserId = userId, Kind = "chat", Model = BudgetHost.Model, Provider = "budgetfake", InputTokens = input, OutputTokens = output,
            CostMicroUsd = costMicroUsd ?? (cacheHit ? 0 : input + (2L * output)), CacheHit = cacheHit, Outcome = "success", LatencyMs = 100,
        });
        await db.SaveChangesAsync(Cancellation);
    }
}
