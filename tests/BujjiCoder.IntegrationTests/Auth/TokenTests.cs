using System.Net;
using System.Net.Http.Json;
using System.Text;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Attacks on access and refresh tokens, each of which must fail.</summary>
public sealed class TokenTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_access_token_is_accepted_and_garbage_is_not()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, "not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_tampered_payload_is_rejected()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);
        var parts = tokens.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"User\"", "\"Admin\"", StringComparison.Ordinal);

        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, tampered)).StatusCode);
    }

    [Fact]
    public async Task Unsigned_wrong_key_wrong_audience_and_wrong_issuer_tokens_are_rejected()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);
        var claims = Claims(tokens.AccessToken);
        var handler = new JsonWebTokenHandler();

        var unsigned = handler.CreateToken(Descriptor(claims, signingKey: null));
        var wrongKey = handler.CreateToken(Descriptor(claims, signingKey: new string('k', 48)));
        var wrongAudience = handler.CreateToken(Descriptor(claims, audience: "someone-else"));
        var wrongIssuer = handler.CreateToken(Descriptor(claims, issuer: "https://evil.example"));
        var sameButValid = handler.CreateToken(Descriptor(claims));

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, sameButValid)).StatusCode);
        Assert.Contains("\"alg\":\"none\"", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(unsigned.Split('.')[0])), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, wrongKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, wrongAudience)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, wrongIssuer)).StatusCode);
    }

    [Fact]
    public async Task Expired_tokens_are_rejected_beyond_a_clock_skew_of_at_most_30_seconds()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);
        var claims = Claims(tokens.AccessToken);
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;

        var justExpired = handler.CreateToken(Descriptor(claims, expires: now.AddSeconds(-10)));
        var longExpired = handler.CreateToken(Descriptor(claims, expires: now.AddSeconds(-45)));

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, justExpired)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, longExpired)).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token_and_an_access_token_is_not_a_refresh_token()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, tokens.AccessToken)).StatusCode);
        // A JWT signed with the right key but without the access-token type is refused too.
        var untyped = new JsonWebTokenHandler().CreateToken(Descriptor(Claims(tokens.AccessToken), tokenType: "JWT"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, untyped)).StatusCode);
    }

    [Fact]
    public async Task Refresh_rotates_and_a_reused_token_revokes_its_whole_family()
    {
        using var client = host.Factory.CreateClient();
        var (userName, first) = await NewSessionAsync(client);
        var otherLogin = await TokensFromAsync(await LoginAsync(client, userName));

        var second = await TokensFromAsync(await RefreshAsync(client, first.RefreshToken));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, second.AccessToken)).StatusCode);

        using var replay = await RefreshAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("https://bujjicoder.dev/problems/invalid-refresh-token", await ProblemTypeAsync(replay));
        // The thief's copy and the client's current token die together; other logins live on.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, second.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, otherLogin.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Two_concurrent_refreshes_with_one_token_yield_at_most_one_new_pair()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync(client, tokens.RefreshToken)));

        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Fact]
    public async Task The_refresh_cookie_is_locked_down_and_needs_the_antiforgery_header()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        using var login = await LoginAsync(client, userName);

        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("bujji_refresh=", setCookie, StringComparison.Ordinal);
        Assert.Contains("path=/api/v1/auth", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        using var withoutHeader = await RefreshWithCookieAsync(client, cookie, antiforgery: false);
        using var withHeader = await RefreshWithCookieAsync(client, cookie, antiforgery: true);

        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        Assert.Equal("https://bujjicoder.dev/problems/antiforgery-header-required", await ProblemTypeAsync(withoutHeader));
        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
        Assert.StartsWith("bujji_refresh=", Assert.Single(withHeader.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> RefreshWithCookieAsync(HttpClient client, string cookie, bool antiforgery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Cookie", cookie);
        if (antiforgery)
        {
            request.Headers.Add("X-Bujji-Csrf", "1");
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static Dictionary<string, object> Claims(string accessToken) =>
        new JsonWebToken(accessToken).Claims
            .Where(claim => claim.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud"))
            .GroupBy(claim => claim.Type)
            .ToDictionary(group => group.Key, group => group.Count() == 1 ? (object)group.First().Value : group.Select(c => c.Value).ToArray());

    private static SecurityTokenDescriptor Descriptor(
        Dictionary<string, object> claims, string? signingKey = "", string audience = "bujji-coder-api", string issuer = "bujji-coder",
        DateTime? expires = null, string tokenType = "at+jwt")
    {
        var key = signingKey == "" ? ServiceFactory<Program>.TestSigningKey : signingKey;
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddMinutes(-15),
            NotBefore = expiry.AddMinutes(-15),
            Expires = expiry,
            TokenType = tokenType,
            Claims = claims,
            SigningCredentials = key is null ? null : new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
    }
}
