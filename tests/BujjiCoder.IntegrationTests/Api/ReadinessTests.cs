using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>Readiness turns 503 when a dependency goes away, quickly, and without saying why to an anonymous caller.</summary>
public sealed class ReadinessTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_503_when_the_database_is_gone_and_says_nothing_secret()
    {
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        using var client = api.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);

        await infrastructure.Postgres.DropDatabaseAsync(api.DatabaseConnectionString);
        using var response = await client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("database").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cache").GetString());
        AssertRevealsNothing(body, api.DatabaseConnectionString);
    }

    [Fact]
    public async Task Ready_is_503_within_the_check_timeout_when_redis_does_not_answer()
    {
        // A port nobody listens on: every Redis operation fails or times out.
        var deadRedis = $"127.0.0.1:{BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort()},password=not-a-real-secret,connectTimeout=500,abortConnect=false";
        await using var api = await TestHost.Postgres(infrastructure)
            .With("ConnectionStrings:cache", deadRedis).With("HealthChecks:Timeout", "00:00:02").BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/health/ready", Cancellation);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("cache").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetString());
        AssertRevealsNothing(body, deadRedis);
        // Bounded by the 2 s check timeout, with generous slack for a loaded machine; without a timeout it would hang.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"ready took {clock.Elapsed}");

        // Liveness does not depend on Redis: the orchestrator must not restart a process for a dependency's outage.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancellation)).StatusCode);
    }

    private static void AssertRevealsNothing(string body, string connectionString)
    {
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(connectionString, body, StringComparison.Ordinal);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["status", "checks"], report.EnumerateObject().Select(property => property.Name));
        Assert.All(report.GetProperty("checks").EnumerateObject(), check => Assert.Equal(JsonValueKind.String, check.Value.ValueKind));
    }
}
