using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>The one-shot <c>create-admin</c> command, run as an operator would: a real process.</summary>
public sealed class CreateAdminCommandTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_admin_names_an_administrator_who_can_then_sign_in()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();

        var (exitCode, output) = await CreateAdminAsync(database, "a strong administrator passphrase");

        Assert.Equal(0, exitCode);
        Assert.Contains("boss <boss@example.test> is an administrator.", output, StringComparison.Ordinal);
        await using var api = await TestHost.Postgres(infrastructure).OnDatabase(database).BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var tokens = await TokensFromAsync(await LoginAsync(client, "boss@example.test", "a strong administrator passphrase"));
        var me = await (await MeAsync(client, tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_weak_password_creates_nobody()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();

        var (exitCode, output) = await CreateAdminAsync(database, "qwerty123456");

        Assert.Equal(1, exitCode);
        Assert.Contains("commonly used", output, StringComparison.Ordinal);
        await using var api = await TestHost.Postgres(infrastructure).OnDatabase(database).WithoutRedis().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, "boss@example.test", "qwerty123456")).StatusCode);
    }

    private async Task<(int ExitCode, string Output)> CreateAdminAsync(string database, string password)
    {
        await using var process = ServerProcess.StartProject("BujjiCoder.Api", ["create-admin", "--email", "boss@example.test", "--username", "boss"],
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__bujjidb"] = database,
                ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
                ["Auth__Jwt__SigningKey"] = ServiceFactory<Program>.TestSigningKey,
                ["BUJJI_ADMIN_PASSWORD"] = password,
            });
        return (await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
    }
}
