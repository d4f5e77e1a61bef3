using System.Net;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;

namespace BujjiCoder.AppHost.Tests;

/// <summary>The whole app model started as <c>dotnet run --project BujjiCoder.AppHost</c> starts it here: local mode.</summary>
public sealed class LocalModeTests
{
    private static readonly string[] Resources = ["postgres", "cache", "api", "worker", "web"];

    [Fact]
    public async Task Every_resource_becomes_healthy_and_the_web_app_reaches_the_api()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var cancellation = timeout.Token;
        using var data = TemporaryDirectory.Create("bujji-apphost");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "local", "--LocalInfra:DataDirectory", data.Path], cancellation);
        await using var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation);

        foreach (var resource in Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellation);
        }

        using var api = app.CreateHttpClient("api");
        using var ready = await api.GetAsync("/health/ready", cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The page, and the Api through the Vite proxy, which found the Api by service discovery.
        using var web = app.CreateHttpClient("web");
        var page = await web.GetStringAsync("/", cancellation);
        Assert.Contains("id=\"root\"", page, StringComparison.Ordinal);
        Assert.Contains("<title>Bujji Coder</title>", page, StringComparison.Ordinal);
        var info = JsonDocument.Parse(await web.GetStringAsync("/api/v1/info", cancellation)).RootElement;
        Assert.Equal("local", info.GetProperty("mode").GetString());
        Assert.Equal("postgresql", info.GetProperty("database").GetString());
        Assert.Equal("redis", info.GetProperty("cache").GetString());

        // The worker is healthy only after a heartbeat reached both the database and Redis.
        await using var database = new NpgsqlConnection(await app.GetConnectionStringAsync("bujjidb", cancellation));
        await database.OpenAsync(cancellation);
        await using var beats = new NpgsqlCommand("SELECT count(*) FROM service_heartbeats WHERE \"Service\" = 'worker' AND \"Beats\" > 0", database);
        Assert.Equal(1L, await beats.ExecuteScalarAsync(cancellation));

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("cache", cancellation))!);
        var server = redis.GetServers().Single();
        Assert.Single(server.Keys(pattern: "bujji:heartbeat:worker/*"));
    }
}
