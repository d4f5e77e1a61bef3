using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Personal access tokens: shown once, stored hashed, scoped, expiring, rotatable, revocable.</summary>
public sealed class PersonalAccessTokenTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_works_as_a_bearer()
    {
        using var client = host.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);

        var created = await CreateAsync(client, session.AccessToken, "ci", ["read"]);
        var token = created.GetProperty("token").GetString()!;
        var me = await MeAsync(client, token);
        var list = await (await SendAsync(client, HttpMethod.Get, "/api/v1/me/tokens", session.AccessToken)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.StartsWith("bjc_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal("ci", listed.GetProperty("name").GetString());
        Assert.Equal(token[..8], listed.GetProperty("hint").GetString());
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.DoesNotContain(token, list.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("lastUsedAt").ValueKind);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().PersonalAccessTokens.ToListAsync(Cancellation);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scopes_limit_a_token_below_its_user_and_never_above()
    {
        using var client = host.Factory.CreateClient();
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        var (_, user) = await NewSessionAsync(client);

        var readOnly = (await CreateAsync(client, admin, "read only", ["read"])).GetProperty("token").GetString()!;
        var adminScoped = (await CreateAsync(client, admin, "admin", ["admin"])).GetProperty("token").GetString()!;
        using var userAskingForAdmin = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", user.AccessToken, new { name = "sneaky", scopes = new[] { "admin" } });

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/users", readOnly)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/users", adminScoped)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userAskingForAdmin.StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_manage_tokens_change_the_password_or_log_out()
    {
        using var client = host.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);
        var token = (await CreateAsync(client, session.AccessToken, "script", ["read", "write", "chat"])).GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/v1/me/tokens", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", token, new { name = "child", scopes = new[] { "read" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", token,
            new { currentPassword = Password, newPassword = "another long passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/logout", token)).StatusCode);
    }

    [Fact]
    public async Task Revoked_and_rotated_tokens_stop_working_at_once()
    {
        using var client = host.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);
        var first = await CreateAsync(client, session.AccessToken, "revoke me", ["read"]);
        var second = await CreateAsync(client, session.AccessToken, "rotate me", ["read"]);

        using var revoke = await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/tokens/{first.GetProperty("id").GetString()}", session.AccessToken);
        var rotated = await (await SendAsync(client, HttpMethod.Post, $"/api/v1/me/tokens/{second.GetProperty("id").GetString()}/rotate", session.AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, first.GetProperty("token").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, second.GetProperty("token").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, rotated.GetProperty("token").GetString())).StatusCode);
        Assert.Equal(second.GetProperty("expiresAt").GetString(), rotated.GetProperty("expiresAt").GetString());
    }

    [Theory]
    [InlineData(400, "read")]      // more than a year
    [InlineData(-1, "read")]       // already expired
    [InlineData(30, "root")]       // no such scope
    public async Task Bad_expiry_or_scope_is_400(int days, string scope)
    {
        using var client = host.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);

        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", session.AccessToken,
            new { name = "bad", scopes = new[] { scope }, expiresAt = DateTime.UtcNow.AddDays(days) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Others_cannot_touch_a_token_but_an_admin_can_list_and_revoke_it()
    {
        using var client = host.Factory.CreateClient();
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        var (_, owner) = await NewSessionAsync(client);
        var (_, stranger) = await NewSessionAsync(client);
        var created = await CreateAsync(client, owner.AccessToken, "owned", ["read"]);
        var id = created.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/tokens/{id}", stranger.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Post, $"/api/v1/me/tokens/{id}/rotate", stranger.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/tokens", owner.AccessToken)).StatusCode);
        var all = await (await SendAsync(client, HttpMethod.Get, "/api/v1/admin/tokens", admin)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/admin/tokens/{id}", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, created.GetProperty("token").GetString())).StatusCode);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string accessToken, string name, string[] scopes)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", accessToken, new { name, scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
