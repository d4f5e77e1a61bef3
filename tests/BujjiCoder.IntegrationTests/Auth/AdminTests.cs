using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>The bootstrap administrator, the admin endpoints, their refusals, and the audit log.</summary>
public sealed class AdminTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static readonly string[] AdminRequests = ["GET /api/v1/admin/users", "PATCH /api/v1/admin/users/{id}", "POST /api/v1/admin/users/{id}/revoke-sessions", "GET /api/v1/admin/audit"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_configured_administrator_exists_with_admin_permissions()
    {
        using var client = host.Factory.CreateClient();

        var admin = await AdminTokenAsync(client);
        var me = await (await MeAsync(client, admin)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("admin.audit", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Users_and_anonymous_callers_cannot_reach_any_admin_endpoint()
    {
        using var client = host.Factory.CreateClient();
        var (_, user) = await NewSessionAsync(client);
        var userId = await IdOfAsync(client, user.AccessToken);

        foreach (var route in AdminRequests)
        {
            var (method, path) = (new HttpMethod(route.Split(' ')[0]), route.Split(' ')[1].Replace("{id}", userId, StringComparison.Ordinal));
            var body = method == HttpMethod.Patch ? new { roles = new[] { "Admin" } } : null;
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, method, path, user.AccessToken, body)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, method, path, null, body)).StatusCode);
        }

        var me = await (await MeAsync(client, user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(["User"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Admin_lists_users_in_pages_of_at_most_200()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        await NewSessionAsync(client);

        var page = await (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/users?page=1&pageSize=1", admin)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var tooBig = await SendAsync(client, HttpMethod.Get, "/api/v1/admin/users?pageSize=201", admin);

        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    [Fact]
    public async Task A_role_change_takes_effect_on_the_next_request()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        var (userName, user) = await NewSessionAsync(client);
        var userId = await IdOfAsync(client, user.AccessToken);

        using var patched = await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{userId}", admin,
            new { roles = new[] { "Guest" }, email = "hijack@example.test", userName = "renamed" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(userName, body.GetProperty("userName").GetString());
        Assert.Equal($"{userName}@example.test", body.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, user.AccessToken)).StatusCode);
        var fresh = await TokensFromAsync(await LoginAsync(client, userName));
        var me = await (await MeAsync(client, fresh.AccessToken)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(["workspaces.read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Disabling_ends_sessions_and_enabling_lets_the_user_back()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        var (userName, user) = await NewSessionAsync(client);
        var userId = await IdOfAsync(client, user.AccessToken);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{userId}", admin, new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, user.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, user.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, userName)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{userId}", admin, new { disabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, userName)).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_users_sessions_kills_access_and_refresh_tokens()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        var (_, user) = await NewSessionAsync(client);
        var userId = await IdOfAsync(client, user.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Post, $"/api/v1/admin/users/{userId}/revoke-sessions", admin)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, user.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, user.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_or_disabled_and_unknown_roles_are_refused()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        var adminId = await IdOfAsync(client, admin);

        using var demote = await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{adminId}", admin, new { roles = new[] { "User" } });
        using var disable = await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{adminId}", admin, new { disabled = true });
        using var unknownRole = await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{adminId}", admin, new { roles = new[] { "Root" } });

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, admin)).StatusCode);
    }

    [Fact]
    public async Task Audit_records_who_what_and_from_where_but_never_a_password_or_token()
    {
        using var client = host.Factory.CreateClient();
        var admin = await AdminTokenAsync(client);
        var (userName, user) = await NewSessionAsync(client);
        const string probe = "probe-password-that-must-never-be-stored";
        await LoginAsync(client, userName, probe);
        await RefreshAsync(client, user.RefreshToken);
        await RefreshAsync(client, user.RefreshToken); // reuse

        var failures = await (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/audit?action=auth.login&outcome=failure&pageSize=200", admin))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var reuse = await (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/audit?action=auth.refresh&outcome=failure", admin))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        var failure = failures.GetProperty("items").EnumerateArray().First(e => e.GetProperty("detail").GetString() == "bad-password");
        Assert.Equal(ClientAddress.Address.ToString(), failure.GetProperty("ip").GetString());
        Assert.True(failure.TryGetProperty("at", out _));
        Assert.Contains(reuse.GetProperty("items").EnumerateArray(), e => e.GetProperty("detail").GetString() == "reuse");

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var everything = JsonSerializer.Serialize(await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().AuditEvents.ToListAsync(Cancellation));
        Assert.DoesNotContain(probe, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(user.RefreshToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(user.AccessToken, everything, StringComparison.Ordinal);
    }

    private static async Task<string> AdminTokenAsync(HttpClient client) =>
        (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;

    private static async Task<string> IdOfAsync(HttpClient client, string accessToken) =>
        (await (await MeAsync(client, accessToken)).Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
}
