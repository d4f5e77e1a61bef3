using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped and started again under the Api, as an operator's restart or a crash does: requests that need it fail
/// fast with 503 and <c>Retry-After</c>, readiness follows the database, and every write acknowledged before, during or after
/// the outage is still there. The class stops a PostgreSQL of its own (durable commits, like production), never the shared one.
/// </summary>
public sealed class DatabaseOutageTests(TestInfrastructure infrastructure)
{
    // The targets: 503 within 5 s while down, ready again within 10 s of the database's return.
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadyAgain = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_postgresql_is_down_requests_get_503_with_retry_after_fast_and_no_acknowledged_write_is_lost()
    {
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var api = await TestHost.Postgres(infrastructure).OnDatabase(await postgres.CreateDatabaseAsync())
            .WithOpenRegistration().BuildApiAsync();
        using var http = api.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(http, ("README.md", "before the outage"));

        // Saves keep coming while the database goes away and comes back; every one answered 2xx is acknowledged.
        using var stopWriting = new CancellationTokenSource();
        var acknowledged = new ConcurrentDictionary<string, string>();
        var writer = WriteUntilStoppedAsync(user, ws, acknowledged, stopWriting.Token);
        await WaitUntilAsync(() => acknowledged.Count >= 5, TimeSpan.FromSeconds(30), "no save was acknowledged before the outage");

        await postgres.StopAsync();

        // A read, a save and a burst of reads at once (the circuit): each answered 503 problem details with Retry-After, fast.
        await AssertUnavailableFastAsync(() => user.GetFileAsync(ws, "README.md"));
        await AssertUnavailableFastAsync(() => user.PutFileAsync(ws, "during.txt", "not stored"));
        var burst = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => user.GetFileAsync(ws, "README.md")));
        burst.Stop();
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode));
        Assert.True(burst.Elapsed < FailFast, $"40 reads at once took {burst.Elapsed}");
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        using (var ready = await http.GetAsync("/health/ready", Cancellation))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // Liveness does not follow the database: an orchestrator must not restart replicas for the database's outage.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live", Cancellation)).StatusCode);

        await postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await http.GetAsync("/health/ready", Cancellation);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(back.Elapsed < ReadyAgain, $"not ready {back.Elapsed} after PostgreSQL took connections again");
            await Task.Delay(100, Cancellation);
        }

        back.Stop();
        var afterOutage = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= afterOutage + 5, TimeSpan.FromSeconds(30), "saves did not resume after the outage");
        await stopWriting.CancelAsync();
        await writer;

        // Every acknowledged save reads back as it was written; the refused one was not half-stored.
        Assert.Equal("before the outage", await user.ReadAsync(ws, "README.md"));
        foreach (var (path, content) in acknowledged)
        {
            Assert.Equal(content, await user.ReadAsync(ws, path));
        }

        Assert.Null(await user.ReadAsync(ws, "during.txt"));
        TestContext.Current.TestOutputHelper?.WriteLine($"ready {back.Elapsed.TotalMilliseconds:F0} ms after PostgreSQL was back; {acknowledged.Count} saves acknowledged and kept");
    }

    [Fact]
    public async Task A_replica_out_of_pooled_connections_answers_503_but_does_not_take_the_database_for_down()
    {
        // Two pooled connections, a second's wait for one: the shape of a replica whose pool a burst of chats has taken.
        var database = new NpgsqlConnectionStringBuilder(await infrastructure.Postgres.CreateDatabaseAsync()) { MaxPoolSize = 2, Timeout = 1 }.ConnectionString;
        await using var api = await TestHost.Postgres(infrastructure).OnDatabase(database).WithOpenRegistration().BuildApiAsync();
        using var http = api.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(http, ("README.md", "served"));
        Assert.Equal("served", await user.ReadAsync(ws, "README.md"));

        // Hold both, as two long queries would: a read has none to run on.
        await using (var first = api.Factory.Services.CreateAsyncScope())
        await using (var second = api.Factory.Services.CreateAsyncScope())
        {
            await first.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.OpenConnectionAsync(Cancellation);
            await second.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.OpenConnectionAsync(Cancellation);
            await AssertUnavailableFastAsync(() => user.GetFileAsync(ws, "README.md"));
        }

        // The connections are back in the pool: the very next read is served. A circuit that took the busy pool for an
        // outage would refuse every request of the replica for its break, and clearing the pool would close them.
        using var served = await user.GetFileAsync(ws, "README.md");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var ready = await http.GetAsync("/health/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task AssertUnavailableFastAsync(Func<Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        using var response = await call();
        clock.Stop();
        Assert.True(clock.Elapsed < FailFast, $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("https://bujjicoder.dev/problems/database-unavailable", problem.GetProperty("type").GetString());
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } delay && delay >= TimeSpan.FromSeconds(1) && delay <= TimeSpan.FromSeconds(60), $"Retry-After: {response.Headers.RetryAfter}");
        var body = problem.ToString();
        Assert.DoesNotContain("Npgsql", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    private static async Task WriteUntilStoppedAsync(WorkspaceClient user, string ws, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (path, content) = ($"saves/{i}.txt", $"save {i} {Guid.NewGuid():N}");
            using var response = await user.PutFileAsync(ws, path, content);
            if (response.IsSuccessStatusCode)
            {
                acknowledged[path] = content;
            }
            else
            {
                // Refused while the database is away: the caller would come back after Retry-After.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, failure);
            await Task.Delay(50, Cancellation);
        }
    }
}
