using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>Someone calling the Api: their account id, name and the bearer credential they present (a JWT or a <c>bjc_</c> token).</summary>
internal sealed record Caller(string UserId, string UserName, string Token)
{
    public Caller WithToken(string token) => this with { Token = token };
}

/// <summary>Signs people in and sends requests as them, for the OWASP suite.</summary>
internal static class SuiteCallers
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A freshly registered User, signed in with a password.</summary>
    public static async Task<Caller> NewUserAsync(HttpClient http)
    {
        var (userName, tokens) = await AuthClient.NewSessionAsync(http);
        return new Caller(await IdOfAsync(http, tokens.AccessToken), userName, tokens.AccessToken);
    }

    /// <summary>The bootstrapped administrator, signed in with a password.</summary>
    public static async Task<Caller> AdminAsync(HttpClient http)
    {
        var tokens = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, TestHost.AdminEmail, TestHost.AdminPassword));
        return new Caller(await IdOfAsync(http, tokens.AccessToken), TestHost.AdminEmail, tokens.AccessToken);
    }

    /// <summary>A freshly registered user whom <paramref name="admin"/> made a Guest, signed in again afterwards (the role change ends old sessions).</summary>
    public static async Task<Caller> NewGuestAsync(HttpClient http, Caller admin)
    {
        var user = await NewUserAsync(http);
        return await WithRoleAsync(http, admin, user, "Guest");
    }

    /// <summary>Gives <paramref name="user"/> one role and signs them in again.</summary>
    public static async Task<Caller> WithRoleAsync(HttpClient http, Caller admin, Caller user, string role)
    {
        using var patched = await SendAsync(http, HttpMethod.Patch, $"/api/v1/admin/users/{user.UserId}", admin.Token, Json(new { roles = new[] { role } }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var tokens = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, user.UserName));
        return user.WithToken(tokens.AccessToken);
    }

    /// <summary>A personal access token of <paramref name="owner"/> with these scopes: its id and its secret.</summary>
    public static async Task<(string Id, string Token)> NewTokenAsync(HttpClient http, Caller owner, params string[] scopes)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/api/v1/me/tokens", owner.Token, Json(new { name = $"suite {string.Join('+', scopes)}", scopes }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    public static HttpContent Json(object body) => JsonContent.Create(body);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, Cancellation);
    }

    /// <summary>GET as <paramref name="token"/>, failing the test unless it is 200.</summary>
    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token)
    {
        using var response = await SendAsync(http, HttpMethod.Get, path, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    /// <summary>POST a JSON body as <paramref name="token"/>, failing the test unless the status is <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, string token, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await SendAsync(http, HttpMethod.Post, path, token, Json(body));
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<string> IdOfAsync(HttpClient http, string token) =>
        (await GetJsonAsync(http, "/api/v1/auth/me", token)).GetProperty("id").GetString()!;
}
