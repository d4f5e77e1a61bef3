using System.Net;
using System.Text.Json;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>The Api as operators start it: a real process, configured through environment variables.</summary>
public sealed class StartupTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_without_its_servers_refuses_to_start_with_one_line_naming_the_keys()
    {
        using var directory = TemporaryDirectory.Create("bujji-refuse");
        var dataDirectory = Path.Combine(directory.Path, "data");

        var (exitCode, output) = await RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__DataDirectory"] = dataDirectory,
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:bujjidb", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:cache", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), "a refused start must not create anything");
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_process_with_its_key()
    {
        using var directory = TemporaryDirectory.Create("bujji-refuse");

        var (exitCode, output) = await RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__DataDirectory"] = directory.Path,
            ["Auth__RegistrationMode"] = "everyone",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Auth:RegistrationMode", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_process_serves_with_postgres_and_redis_and_logs_json()
    {
        var port = BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();
        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await api.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready", Cancellation)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        using var infoResponse = await client.GetAsync("/api/v1/info", Cancellation);
        var info = JsonDocument.Parse(await infoResponse.Content.ReadAsStringAsync(Cancellation)).RootElement;

        // Kestrel names itself in a Server header unless told not to; the real server is the only place to see it.
        Assert.False(infoResponse.Headers.Contains("Server"), "Server header sent");
        Assert.Equal("nosniff", infoResponse.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal("postgresql", info.GetProperty("database").GetString());
        Assert.Equal("redis", info.GetProperty("cache").GetString());
        Assert.Equal("Production", info.GetProperty("environment").GetString());
        var logLines = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(logLines);
        Assert.All(logLines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.Contains(logLines, line => line.Contains("Now listening on", StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(Dictionary<string, string?> environment)
    {
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        await using var process = ServerProcess.StartProject("BujjiCoder.Api", [], environment);
        return (await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
    }
}
