using BujjiCoder.IntegrationTests.Api;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>The Worker serves the same scrape endpoint on its management port: its jobs, heartbeats and readiness.</summary>
public sealed class WorkerMetricsTests(PostgresApiHost api) : IClassFixture<PostgresApiHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_is_scraped_on_its_management_port_for_heartbeats_jobs_and_readiness()
    {
        await using var worker = await TestHost.Beside(api).WithManagementPort().BuildWorkerAsync();
        await worker.StartAsync();
        using var management = new HttpClient { BaseAddress = worker.ManagementAddress };

        var scrape = new PrometheusScrape("");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(scrape.Has("bujji_worker_heartbeats_total") && scrape.Has("bujji_health_ready")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Cancellation);
            scrape = new PrometheusScrape(await management.GetStringAsync("/metrics", Cancellation));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', scrape.Text.Split('\n').Where(line => line.StartsWith("# TYPE bujji", StringComparison.Ordinal))));
        Assert.True(scrape.Sum("bujji_worker_heartbeats_total", ("outcome", "success")) >= 1);
        Assert.All(scrape.Matching("bujji_health_ready"), sample => Assert.Equal(1, sample.Value));
        Assert.True(scrape.Has("db_client_connection_max"));
    }
}
