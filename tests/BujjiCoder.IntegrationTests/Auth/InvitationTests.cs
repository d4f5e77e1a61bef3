using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Invite-only registration: single-use codes that admins hand out.</summary>
public sealed class InvitationTests(InviteOnlyHost host) : IClassFixture<InviteOnlyHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_valid_code_nobody_registers()
    {
        using var client = host.Factory.CreateClient();

        using var none = await RegisterAsync(client, UniqueName());
        using var bogus = await RegisterWithCodeAsync(client, UniqueName(), "inv_not-a-real-code");

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bogus.StatusCode);
    }

    [Fact]
    public async Task A_code_registers_one_account_with_its_role_and_only_for_its_address()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        var code = await InviteAsync(client, new { email = $"{userName}@example.test", role = "Guest" });

        using var wrongAddress = await RegisterWithCodeAsync(client, "x" + userName, code);
        using var registered = await RegisterWithCodeAsync(client, userName, code);
        using var again = await RegisterWithCodeAsync(client, userName + "2", code, email: $"{userName}@example.test");

        Assert.Equal(HttpStatusCode.Forbidden, wrongAddress.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(["Guest"], (await registered.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
    }

    [Fact]
    public async Task Registrations_racing_with_one_code_yield_one_account()
    {
        using var client = host.Factory.CreateClient();
        var code = await InviteAsync(client, new { });

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RegisterWithCodeAsync(client, UniqueName(), code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task A_failed_registration_gives_the_code_back_and_a_revoked_code_is_dead()
    {
        using var client = host.Factory.CreateClient();
        var code = await InviteAsync(client, new { });

        using var weak = await RegisterWithCodeAsync(client, UniqueName(), code, password: "qwerty123456");
        using var retry = await RegisterWithCodeAsync(client, UniqueName(), code);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        var admin = await AdminTokenAsync(client);
        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/admin/invitations", admin, new { });
        var invitation = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/admin/invitations/{invitation.GetProperty("id").GetString()}", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterWithCodeAsync(client, UniqueName(), invitation.GetProperty("code").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Only_admins_invite()
    {
        using var client = host.Factory.CreateClient();
        var guestCode = await InviteAsync(client, new { role = "User" });
        var userName = UniqueName();
        (await RegisterWithCodeAsync(client, userName, guestCode)).EnsureSuccessStatusCode();
        var user = await TokensFromAsync(await LoginAsync(client, userName));

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/v1/admin/invitations", user.AccessToken, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Post, "/api/v1/admin/invitations", null, new { })).StatusCode);
    }

    private static async Task<string> InviteAsync(HttpClient client, object body)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/admin/invitations", await AdminTokenAsync(client), body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
    }

    private static Task<HttpResponseMessage> RegisterWithCodeAsync(HttpClient client, string userName, string code, string password = Password, string? email = null) =>
        RegisterAsync(client, userName, extra: new { userName, email = email ?? $"{userName}@example.test", password, invitationCode = code });

    private static async Task<string> AdminTokenAsync(HttpClient client) =>
        (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
}
