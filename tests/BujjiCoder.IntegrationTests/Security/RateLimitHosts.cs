using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>What the rate-limit tests read from answers (their hosts are <see cref="HostPresets.RateLimited"/>).</summary>
internal static class RateLimitHosts
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The RateLimit header's remaining count for one policy, e.g. 4 in <c>"user";r=4;t=60</c>.</summary>
    public static int Remaining(HttpResponseMessage response, string policy)
    {
        var header = string.Join(", ", response.Headers.GetValues("RateLimit"));
        var item = header.Split(", ").Single(part => part.StartsWith($"\"{policy}\";", StringComparison.Ordinal));
        return int.Parse(item.Split(';').Single(p => p.StartsWith("r=", StringComparison.Ordinal))[2..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Asserts a refusal: 429 problem of type rate-limited naming the policy, with Retry-After and both headers.</summary>
    public static async Task AssertRefusedAsync(HttpResponseMessage response, string policy)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains($"'{policy}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains($"\"{policy}\";q=", string.Join(", ", response.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
        Assert.Equal(0, Remaining(response, policy));
    }

    public static Task<HttpResponseMessage> InfoAsync(HttpClient client, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request, Cancellation);
    }

    public static async Task<string> CreatePersonalAccessTokenAsync(HttpClient client, string accessToken)
    {
        using var created = await AuthClient.SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", accessToken, new { name = "limits", scopes = new[] { "read" } });
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token").GetString()!;
    }
}
