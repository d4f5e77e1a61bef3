using System.Net;
using System.Text;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static BujjiCoder.IntegrationTests.Security.SuiteCallers;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API2:2023 Broken Authentication, across the whole route table: only the documented routes are public, every
/// other route answers 401 to anonymous callers, and forged, expired, revoked or disowned credentials are refused on
/// every one of them. Token mechanics in depth (tampering, rotation, reuse, cookies, lockout) are in Auth/TokenTests,
/// Auth/AccountTests and Auth/PersonalAccessTokenTests.
/// </summary>
public sealed class Api02BrokenAuthenticationTests(AuthorizationSuiteHost host) : IClassFixture<AuthorizationSuiteHost>
{
    /// <summary>The public routes of API.md ("Every endpoint requires authentication except …"); OpenAPI is mapped in Development only.</summary>
    private static readonly string[] PublicRoutes =
    [
        "* /health/live",
        "* /health/ready",
        "POST /api/v1/auth/register",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/refresh",
        "GET /api/v1/info",
    ];

    [Fact]
    public void Only_the_documented_routes_allow_anonymous_callers()
    {
        var anonymous = RouteInventory.Of(host.Factory.Services).Where(route => route.AllowsAnonymous).Select(route => route.Key);

        Assert.Equal(PublicRoutes.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_other_route_answers_401_with_a_bearer_challenge_to_anonymous_callers()
    {
        using var http = host.Factory.CreateClient();
        var routes = RouteInventory.Of(host.Factory.Services);
        var failures = new List<string>();

        foreach (var route in routes)
        {
            using var response = await SendAsync(http, route.HttpMethod, route.PathWith(), token: null, Json(new { }));
            // A public route may still say 401 for its own reasons (refresh without a token), but never challenges for a bearer.
            var challenged = response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Any(challenge => challenge.Scheme == "Bearer");
            if (challenged == PublicRoutes.Contains(route.Key))
            {
                failures.Add($"{route}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
            }
        }

        Assert.True(routes.Count(route => !PublicRoutes.Contains(route.Key)) >= 50, "the route table looks too small to be the Api's");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Forged_expired_revoked_and_disowned_credentials_get_401_on_every_protected_route()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        var credentials = await BadCredentialsAsync(http, admin);
        // The control: the same claims, signed and shaped as the Api issues them, are accepted.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/api/v1/auth/me", Forge(admin.Token))).StatusCode);

        var failures = new List<string>();
        foreach (var route in RouteInventory.Of(host.Factory.Services).Where(route => !PublicRoutes.Contains(route.Key)))
        {
            foreach (var (name, credential) in credentials)
            {
                using var response = await SendAsync(http, route.HttpMethod, route.PathWith(), credential, Json(new { }));
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{route} with {name}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Credentials that must not authenticate anyone, each built from the administrator's real session so that an
    /// accepted one would hand out the most power: if any of them got through, this suite would notice a 200 or a 403.
    /// </summary>
    private async Task<IReadOnlyList<(string Name, string Credential)>> BadCredentialsAsync(HttpClient http, Caller admin)
    {
        var (expiredId, expired) = await NewTokenAsync(http, admin, "read", "write", "chat", "admin");
        var (revokedTokenId, revokedToken) = await NewTokenAsync(http, admin, "read", "write", "chat", "admin");
        using (var revoke = await SendAsync(http, HttpMethod.Delete, $"/api/v1/me/tokens/{revokedTokenId}", admin.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var expiredGuid = Guid.Parse(expiredId);
            await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().PersonalAccessTokens.Where(t => t.Id == expiredGuid)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);
        }

        // A user with a live session and a live token, then disabled by the administrator.
        var disabled = await NewUserAsync(http);
        var (_, disabledsToken) = await NewTokenAsync(http, disabled, "read", "write", "chat");
        using (var disable = await SendAsync(http, HttpMethod.Patch, $"/api/v1/admin/users/{disabled.UserId}", admin.Token, Json(new { disabled = true })))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        var refresh = (await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, TestHost.AdminEmail, TestHost.AdminPassword))).RefreshToken;
        return
        [
            ("alg none", Forge(admin.Token, key: null)),
            ("another key", Forge(admin.Token, key: new string('k', 64))),
            ("HS384 with the right key", Forge(admin.Token, algorithm: SecurityAlgorithms.HmacSha384)),
            ("expired 45 s ago", Forge(admin.Token, expires: DateTime.UtcNow.AddSeconds(-45))),
            ("no expiry", Forge(admin.Token, expires: DateTime.MaxValue)),
            ("another audience", Forge(admin.Token, audience: "another-api")),
            ("a stale security stamp", Forge(admin.Token, claims: claims => claims["sstamp"] = "stamp-before-a-password-change")),
            ("an account that does not exist", Forge(admin.Token, claims: claims => claims["sub"] = Guid.NewGuid().ToString())),
            ("a disabled account's session", disabled.Token),
            ("a disabled account's token", disabledsToken),
            ("a refresh token", refresh),
            ("an unknown bjc_ token", "bjc_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")))),
            ("a revoked token", revokedToken),
            ("an expired token", expired),
            ("garbage", "not.a.token"),
        ];
    }

    /// <summary>
    /// A JWT with the claims of <paramref name="accessToken"/>, signed with <paramref name="key"/> (the Api's own by
    /// default; null for <c>alg: none</c>). <see cref="DateTime.MaxValue"/> as <paramref name="expires"/> means no <c>exp</c> at all.
    /// </summary>
    private static string Forge(
        string accessToken, string? key = "", string algorithm = SecurityAlgorithms.HmacSha256, DateTime? expires = null,
        string audience = "bujji-coder-api", Action<Dictionary<string, object>>? claims = null)
    {
        var payload = new JsonWebToken(accessToken).Claims
            .Where(claim => claim.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud"))
            .GroupBy(claim => claim.Type)
            .ToDictionary(group => group.Key, group => group.Count() == 1 ? (object)group.First().Value : group.Select(c => c.Value).ToArray());
        claims?.Invoke(payload);
        var signingKey = key == "" ? ServiceFactory<Program>.TestSigningKey : key;
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        var never = expiry == DateTime.MaxValue;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = !never };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "bujji-coder",
            Audience = audience,
            IssuedAt = never ? null : expiry.AddMinutes(-15),
            NotBefore = never ? null : expiry.AddMinutes(-15),
            Expires = never ? null : expiry,
            TokenType = "at+jwt",
            Claims = payload,
            SigningCredentials = signingKey is null ? null : new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), algorithm),
        });
    }
}
