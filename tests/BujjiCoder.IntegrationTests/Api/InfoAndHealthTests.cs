using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>The platform contract, run once per runtime mode: PostgreSQL + Redis, and embedded SQLite.</summary>
public abstract class InfoAndHealthTests(ApiHost host)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Info_is_anonymous_and_reports_version_mode_and_features()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/info", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Bujji Coder", info.GetProperty("name").GetString());
        Assert.StartsWith("0.1.0", info.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal(host.ExpectedMode, info.GetProperty("mode").GetString());
        Assert.Equal(host.ExpectedDatabase, info.GetProperty("database").GetString());
        Assert.Equal(host.ExpectedCache, info.GetProperty("cache").GetString());
        Assert.Equal("invite", info.GetProperty("registrationMode").GetString());
        Assert.Equal(JsonValueKind.Array, info.GetProperty("providers").ValueKind);
        Assert.Empty(info.GetProperty("providers").EnumerateArray());
        Assert.True(info.GetProperty("features").GetProperty("registration").GetBoolean());
        Assert.False(info.GetProperty("features").GetProperty("semanticSearch").GetBoolean());
    }

    [Fact]
    public async Task Live_answers_from_the_process_alone()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.GetAsync("/health/live", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{"self":"Healthy"}}""", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Ready_checks_the_database_and_the_cache()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl?.ToString());
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetString());
        Assert.Equal(host.ExpectedCache == "redis", checks.TryGetProperty("cache", out var cache));
        if (host.ExpectedCache == "redis")
        {
            Assert.Equal("Healthy", cache.GetString());
        }
    }

    [Fact]
    public async Task Schema_is_migrated_before_the_first_request()
    {
        using var client = host.Factory.CreateClient();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancellation));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Cancellation));
        Assert.Equal(0, await db.ServiceHeartbeats.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_details_404()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/no-such-thing", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", problem.GetProperty("traceId").GetString());
    }
}

public sealed class PostgresInfoAndHealthTests(PostgresApiHost host) : InfoAndHealthTests(host), IClassFixture<PostgresApiHost>;

public sealed class SqliteInfoAndHealthTests(SqliteApiHost host) : InfoAndHealthTests(host), IClassFixture<SqliteApiHost>;
