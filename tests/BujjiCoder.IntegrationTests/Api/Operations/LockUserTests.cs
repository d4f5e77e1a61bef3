using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>"Lock a user" of docs/RUNBOOK.md: the command and the administrator's curl calls, each as written.</summary>
public sealed class LockUserTests(TestInfrastructure infrastructure)
{
    private const string LockCommand = "dotnet BujjiCoder.Api.dll lock-user --email <email>";
    private const string UnlockCommand = "dotnet BujjiCoder.Api.dll lock-user --email <email> --unlock";
    private const string FindCurl = "curl -s \"$BUJJI_URL/api/v1/admin/users?pageSize=100\" -H \"Authorization: Bearer $ADMIN_TOKEN\"";
    private const string LockCurl = "curl -X PATCH \"$BUJJI_URL/api/v1/admin/users/<id>\" -H \"Authorization: Bearer $ADMIN_TOKEN\" -H \"Content-Type: application/json\" -d '{\"disabled\": true}'";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_locked_by_the_command_cannot_sign_in_and_their_tokens_stop_until_unlocked()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (name, session) = await NewSessionAsync(client);
        var email = new Dictionary<string, string> { ["<email>"] = $"{name}@example.test" };

        var (exit, output) = await Runbook.RunApiCommandAsync(LockCommand, infrastructure, api.DatabaseConnectionString, email);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains($"{name} <{name}@example.test> is locked", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, name)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, session.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, session.RefreshToken)).StatusCode);
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().AuditEvents
                .AnyAsync(e => e.Action == "admin.user.update" && e.Detail == "command;disabled=True", Cancellation));
        }

        (exit, output) = await Runbook.RunApiCommandAsync(UnlockCommand, infrastructure, api.DatabaseConnectionString, email);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, name)).StatusCode);
    }

    [Fact]
    public async Task The_command_refuses_to_lock_the_last_administrator()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithBootstrappedAdmin().BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var (exit, output) = await Runbook.RunApiCommandAsync(LockCommand, infrastructure, api.DatabaseConnectionString,
            new Dictionary<string, string> { ["<email>"] = TestHost.AdminEmail });

        Assert.True(exit == 3, $"exit code {exit}:\n{output}");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task The_documented_curl_calls_find_a_user_and_lock_them_out()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithBootstrappedAdmin().WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        var (name, session) = await NewSessionAsync(client);

        using var find = await Runbook.CurlRequestAsync(FindCurl, admin, new Dictionary<string, string>());
        using var found = await client.SendAsync(find, Cancellation);
        found.EnsureSuccessStatusCode();
        var id = (await found.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == $"{name}@example.test").GetProperty("id").GetString()!;
        using var lockRequest = await Runbook.CurlRequestAsync(LockCurl, admin, new Dictionary<string, string> { ["<id>"] = id });
        using var locked = await client.SendAsync(lockRequest, Cancellation);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, name)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, session.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, session.RefreshToken)).StatusCode);
    }
}
