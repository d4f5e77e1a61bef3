using System.Net;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>The model catalogue as each caller sees it, and usage totals for users and administrators.</summary>
public sealed class ModelAndUsageTests(AssistantHost host) : IClassFixture<AssistantHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Models_are_listed_by_role_with_prices()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var admin = await AdminAsync();

        var forUser = await user.GetJsonAsync("/api/v1/models");
        var forAdmin = await admin.GetJsonAsync("/api/v1/models");

        var model = Assert.Single(forUser.EnumerateArray());
        Assert.Equal("fake-small", model.GetProperty("id").GetString());
        Assert.Equal(0.15m, model.GetProperty("inputPricePerMillion").GetDecimal());
        Assert.True(model.GetProperty("isDefault").GetBoolean());
        Assert.Equal(["fake-small", "fake-large"], forAdmin.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Usage_is_summed_per_user_by_model_and_by_day()
    {
        var alice = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var bob = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var day = new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc);
        await AddAsync(
            Record(alice.UserId, day, "fake-small", 1000, 500, 450, cacheHit: false),
            Record(alice.UserId, day.AddHours(3), "fake-small", 2000, 100, 360, cacheHit: false),
            Record(alice.UserId, day.AddDays(1), "fake-large", 10, 10, 0, cacheHit: true),
            Record(bob.UserId, day, "fake-small", 7, 7, 7, cacheHit: false));
        const string Window = "from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z";

        var byModel = await alice.GetJsonAsync($"/api/v1/me/usage?{Window}&groupBy=model");
        var byDay = await alice.GetJsonAsync($"/api/v1/me/usage?{Window}&groupBy=day");
        var admin = await (await AdminAsync()).GetJsonAsync($"/api/v1/admin/usage?{Window}&groupBy=model");
        using var forbidden = await alice.SendAsync(HttpMethod.Get, $"/api/v1/admin/usage?{Window}");

        var totals = byModel.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("requests").GetInt32());
        Assert.Equal(3010, totals.GetProperty("inputTokens").GetInt64());
        Assert.Equal(610, totals.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.00081m, totals.GetProperty("costUsd").GetDecimal());
        Assert.Equal(1, totals.GetProperty("cacheHits").GetInt32());
        Assert.Equal(["fake-large 1", "fake-small 2"], byModel.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("key").GetString()} {r.GetProperty("requests").GetInt32()}"));
        Assert.Equal(["2026-11-02 2", "2026-11-03 1"], byDay.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("key").GetString()} {r.GetProperty("requests").GetInt32()}"));
        var bobsName = (await bob.GetJsonAsync("/api/v1/auth/me")).GetProperty("userName").GetString();
        Assert.Contains(admin.GetProperty("rows").EnumerateArray(), r => r.GetProperty("userId").GetString() == bob.UserId
            && r.GetProperty("userName").GetString() == bobsName && r.GetProperty("requests").GetInt32() == 1);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private async Task<WorkspaceClient> AdminAsync()
    {
        var http = host.Factory.CreateClient();
        var tokens = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, TestHost.AdminEmail, TestHost.AdminPassword));
        return new WorkspaceClient(http, tokens.AccessToken, string.Empty);
    }

    private async Task AddAsync(params UsageRecord[] records)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.AddRange(records);
        await db.SaveChangesAsync(Cancellation);
    }

    private static UsageRecord Record(string userId, DateTime at, string model, int input, int output, long costMicro, bool cacheHit) => new()
    {
        At = at, UserId = userId, Kind = "chat", Model = model, Provider = "fake", InputTokens = input, OutputTokens = output,
        CostMicroUsd = costMicro, CacheHit = cacheHit, Outcome = "success", LatencyMs = 100,
    };
}
