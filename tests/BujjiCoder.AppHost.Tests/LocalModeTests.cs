using System.Net;
using System.Text.Json;
using BujjiCoder.AppHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
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

        // A free port instead of 5173, so the test runs beside a developer's ./run.sh.
        var webPort = LocalServers.FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "local", "--LocalInfra:DataDirectory", data.Path, "--WebApp:Port", webPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            cancellation);
        builder.Services.AddFakeLogging();
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

        // The worker's heartbeat reaches both the database and Redis (its first beat may come just after it turns healthy).
        await using var database = new NpgsqlConnection(await app.GetConnectionStringAsync("bujjidb", cancellation));
        await database.OpenAsync(cancellation);
        await using var beats = new NpgsqlCommand("SELECT count(*) FROM service_heartbeats WHERE \"Service\" = 'worker' AND \"Beats\" > 0", database);
        await EventuallyAsync(async () => Equals(1L, await beats.ExecuteScalarAsync(cancellation)), "a heartbeat row", cancellation);

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("cache", cancellation))!);
        var server = redis.GetServers().Single();
        Assert.Single(server.Keys(pattern: "bujji:heartbeat:worker/*"));

        // What ./run.sh prints once they are up: where the web app and the Api are.
        var logged = app.Services.GetFakeLogCollector().GetSnapshot().Select(record => record.Message).ToList();
        Assert.Contains($"Web app ready: {app.GetEndpoint("web", "http").ToString().TrimEnd('/')}", logged);
        Assert.Contains($"Api ready: {app.GetEndpoint("api", "http").ToString().TrimEnd('/')}", logged);

        // The dashboard shows each resource's properties (its Source column is the command line): no password in the
        // clear there. Secrets may appear only in properties marked sensitive, which the dashboard masks.
        string[] passwords = [File.ReadAllText(Path.Combine(data.Path, "redis.password")), File.ReadAllText(Path.Combine(data.Path, "postgres.password"))];
        var shownInTheClear =
            from resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            from property in PropertiesOf(app, resource.Name)
            where !property.IsSensitive && passwords.Any(password => Shown(property.Value).Contains(password, StringComparison.Ordinal))
            select $"{resource.Name}: {property.Name}";
        Assert.Empty(shownInTheClear);
    }

    private static IEnumerable<ResourcePropertySnapshot> PropertiesOf(Aspire.Hosting.DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot.Properties : [];

    private static string Shown(object? value) =>
        value is IEnumerable<object> values ? string.Join(' ', values) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} after 60 s");
            await Task.Delay(200, cancellation);
        }
    }
}
