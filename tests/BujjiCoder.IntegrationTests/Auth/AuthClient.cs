using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Calls the auth endpoints the way the web app and scripts do.</summary>
internal static class AuthClient
{
    public const string Password = "correct horse battery staple";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static string UniqueName() => $"u{Guid.NewGuid():N}"[..20];

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string userName, string password = Password, object? extra = null) =>
        client.PostAsJsonAsync("/api/v1/auth/register", extra ?? new { userName, email = $"{userName}@example.test", password }, Cancellation);

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userNameOrEmail, string password = Password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail, password }, Cancellation);

    /// <summary>Registers a fresh user and signs in: returns the name and the token pair.</summary>
    public static async Task<(string UserName, Tokens Tokens)> NewSessionAsync(HttpClient client)
    {
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        return (userName, await TokensFromAsync(await LoginAsync(client, userName)));
    }

    public static async Task<Tokens> TokensFromAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return new Tokens(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Cancellation);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request, Cancellation);
    }

    /// <summary>Sends a change that must succeed (the setup of a test, not what it checks), failing with the answer otherwise.</summary>
    public static async Task ChangeAsync(HttpClient client, HttpMethod method, string path, string accessToken, object? body = null)
    {
        using var response = await SendAsync(client, method, path, accessToken, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    public static Task<HttpResponseMessage> MeAsync(HttpClient client, string? accessToken) =>
        SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", accessToken);

    public static async Task<string> ProblemTypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("type").GetString()!;
}

internal sealed record Tokens(string AccessToken, string RefreshToken);
