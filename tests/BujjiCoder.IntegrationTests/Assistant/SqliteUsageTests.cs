using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>Usage sums in embedded mode, where SQLite groups by day and sums costs kept as integers.</summary>
public sealed class SqliteUsageTests(SqliteWorkspaceHost host) : IClassFixture<SqliteWorkspaceHost>
{
    [Fact]
    public async Task Usage_is_summed_by_day_on_sqlite()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            foreach (var (at, cost) in new[] { (new DateTime(2026, 10, 1, 23, 0, 0, DateTimeKind.Utc), 5L), (new DateTime(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc), 7L), (new DateTime(2026, 10, 2, 0, 30, 0, DateTimeKind.Utc), 11L) })
            {
                db.UsageRecords.Add(new UsageRecord
                {
                    At = at, UserId = user.UserId, Kind = "chat", Model = "m", Provider = "p", InputTokens = 1, OutputTokens = 2, CostMicroUsd = cost, Outcome = "success",
                });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var report = await user.GetJsonAsync("/api/v1/me/usage?from=2026-09-30T00:00:00Z&to=2026-10-03T00:00:00Z&groupBy=day");

        Assert.Equal(["2026-10-01 2 0.000012", "2026-10-02 1 0.000011"], report.GetProperty("rows").EnumerateArray()
            .Select(r => $"{r.GetProperty("key").GetString()} {r.GetProperty("requests").GetInt32()} {r.GetProperty("costUsd").GetDecimal()}"));
        Assert.Equal(6, report.GetProperty("totals").GetProperty("outputTokens").GetInt64());
    }
}
