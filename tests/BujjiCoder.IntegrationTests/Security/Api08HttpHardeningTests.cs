using System.Net;
using System.Net.Http.Json;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>Security headers, CORS and HSTS as a browser and a proxy see them.</summary>
public sealed class Api08HttpHardeningTests(CorsHost host) : IClassFixture<CorsHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_responses_carry_the_security_headers_and_auth_responses_are_not_stored()
    {
        using var client = host.Factory.CreateClient();

        using var info = await client.GetAsync("/api/v1/info", Cancellation);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = "nobody", password = "wrong password here" }, Cancellation);

        Assert.Equal("nosniff", info.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", info.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", info.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", info.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.True(login.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development()
    {
        using var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://api.example.test") });

        using var response = await client.GetAsync("/api/v1/info", Cancellation);

        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_configured_origin_gets_cors_headers_with_credentials()
    {
        using var client = host.Factory.CreateClient();

        using var allowed = await client.SendAsync(Preflight(CorsHost.AllowedOrigin), Cancellation);
        using var denied = await client.SendAsync(Preflight("https://evil.example"), Cancellation);
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        simple.Headers.Add("Origin", "https://evil.example");
        using var deniedSimple = await client.SendAsync(simple, Cancellation);

        Assert.Equal(CorsHost.AllowedOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(deniedSimple.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://*.example.com")]
    [InlineData("https://app.example.com/path")]
    public async Task A_wildcard_or_malformed_origin_stops_the_start(string origin)
    {
        await using var api = await TestHost.Sqlite().With("Http:CorsOrigins:0", origin).BuildApiAsync();

        var failure = Assert.ThrowsAny<Exception>(() => api.Factory.CreateClient());

        Assert.Contains("Http:CorsOrigins", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    public async Task A_forward_limit_outside_one_to_ten_stops_the_start(string limit)
    {
        await using var api = await TestHost.Sqlite().With("Http:ForwardLimit", limit).BuildApiAsync();

        var failure = Assert.ThrowsAny<Exception>(() => api.Factory.CreateClient());

        Assert.Contains("Http:ForwardLimit", failure.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }
}
