using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary><c>/me/sessions</c>: where a user is signed in, which of those is the caller, and signing one out remotely.</summary>
public sealed class SessionTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private const string Laptop = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_sign_ins_from_different_browsers_are_listed_with_the_callers_own_marked_current()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        var laptop = await SignInFromAsync(client, userName, Laptop);
        var phone = await SignInFromAsync(client, userName, Phone);
        // A refresh keeps the session (same family, same browser) and moves its last use on.
        var refreshed = await TokensFromAsync(await RefreshAsync(client, laptop.RefreshToken));

        var fromLaptop = await ListAsync(client, refreshed.AccessToken);
        var fromPhone = await ListAsync(client, phone.AccessToken);

        Assert.Equal(2, fromLaptop.Count);
        var laptopSession = Assert.Single(fromLaptop, s => s.GetProperty("userAgent").GetString() == Laptop);
        var phoneSession = Assert.Single(fromLaptop, s => s.GetProperty("userAgent").GetString() == Phone);
        Assert.True(laptopSession.GetProperty("current").GetBoolean());
        Assert.False(phoneSession.GetProperty("current").GetBoolean());
        Assert.Equal(ClientAddress.Address.ToString(), laptopSession.GetProperty("ip").GetString());
        Assert.True(laptopSession.GetProperty("lastUsedAt").GetDateTime() > laptopSession.GetProperty("createdAt").GetDateTime());
        Assert.Equal(phoneSession.GetProperty("createdAt").GetDateTime(), phoneSession.GetProperty("lastUsedAt").GetDateTime());
        Assert.Equal(Id(phoneSession), Id(Assert.Single(fromPhone, s => s.GetProperty("current").GetBoolean())));
    }

    [Fact]
    public async Task Ending_the_other_session_stops_its_refresh_keeps_mine_and_is_audited()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        var laptop = await SignInFromAsync(client, userName, Laptop);
        var phone = await SignInFromAsync(client, userName, Phone);
        var phoneId = Id(Assert.Single(await ListAsync(client, laptop.AccessToken), s => s.GetProperty("userAgent").GetString() == Phone));

        using var ended = await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/sessions/{phoneId}", laptop.AccessToken);
        using var endedAgain = await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/sessions/{phoneId}", laptop.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, endedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, phone.RefreshToken)).StatusCode);
        var stillSignedIn = await TokensFromAsync(await RefreshAsync(client, laptop.RefreshToken));
        Assert.DoesNotContain(await ListAsync(client, stillSignedIn.AccessToken), s => Id(s) == phoneId);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().AuditEvents
            .AnyAsync(e => e.Action == "session.revoke" && e.Target == phoneId && e.Outcome == "success", Cancellation));
    }

    [Fact]
    public async Task A_strangers_session_id_is_not_found_and_their_session_keeps_refreshing()
    {
        using var client = host.Factory.CreateClient();
        var (_, owner) = await NewSessionAsync(client);
        var (_, stranger) = await NewSessionAsync(client);
        var ownersId = Id(Assert.Single(await ListAsync(client, owner.AccessToken)));

        using var attempt = await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/sessions/{ownersId}", stranger.AccessToken);
        var strangersView = await ListAsync(client, stranger.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        Assert.DoesNotContain(strangersView, s => Id(s) == ownersId);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, owner.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task A_personal_access_token_can_neither_list_nor_end_sessions()
    {
        using var client = host.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);
        var sessionId = Id(Assert.Single(await ListAsync(client, session.AccessToken)));
        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", session.AccessToken,
            new { name = "script", scopes = new[] { "read", "write", "chat" } });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token").GetString();

        using var list = await SendAsync(client, HttpMethod.Get, "/api/v1/me/sessions", token);
        using var end = await SendAsync(client, HttpMethod.Delete, $"/api/v1/me/sessions/{sessionId}", token);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, end.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, session.RefreshToken)).StatusCode);
    }

    private static async Task<Tokens> SignInFromAsync(HttpClient client, string userName, string userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { userNameOrEmail = userName, password = Password }) };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await TokensFromAsync(await client.SendAsync(request, Cancellation));
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string accessToken)
    {
        using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/me/sessions", accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()];
    }

    private static string Id(JsonElement session) => session.GetProperty("id").GetString()!;
}
