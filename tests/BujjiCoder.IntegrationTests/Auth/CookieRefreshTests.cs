using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>
/// The refresh as the web app makes it: the access token lives in memory only, so after a reload or a 401 the browser
/// POSTs <c>/auth/refresh</c> with nothing but the HttpOnly cookie and the anti-forgery header — no body at all.
/// </summary>
public sealed class CookieRefreshTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bodiless_refresh_with_the_cookie_and_the_header_renews_the_session_and_rotates_the_cookie()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        using var login = await LoginAsync(client, userName);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

        using var refreshed = await RefreshWithCookieAsync(client, cookie);
        using var replayed = await RefreshWithCookieAsync(client, cookie);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var accessToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, accessToken)).StatusCode);
        Assert.NotEqual(cookie, Assert.Single(refreshed.Headers.GetValues("Set-Cookie")).Split(';')[0]);
        // The old cookie is spent: presenting it again is the theft signal, and the answer tells the browser to forget it.
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains(replayed.Headers.GetValues("Set-Cookie"), value => value.StartsWith("bujji_refresh=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_carrying_no_token_is_refused_without_filling_the_audit_log()
    {
        // The web app asks on every first load whether the browser still has a session; most have none.
        using var client = host.Factory.CreateClient();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var before = await db.AuditEvents.CountAsync(e => e.Action == "auth.refresh", Cancellation);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh");
        request.Headers.Add("X-Bujji-Csrf", "1");
        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await db.AuditEvents.CountAsync(e => e.Action == "auth.refresh", Cancellation));
    }

    private static async Task<HttpResponseMessage> RefreshWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Bujji-Csrf", "1");
        return await client.SendAsync(request, Cancellation);
    }
}
