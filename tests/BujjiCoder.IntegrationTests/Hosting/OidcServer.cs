using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// A stand-in Entra ID tenant on loopback: OpenID Connect discovery and a JWKS with one RSA key, and a way
/// to mint tokens signed by it (or by a key it does not publish).
/// </summary>
public sealed class OidcServer : IAsyncDisposable
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "bujji-api-client";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "tenant-key" };

    private OidcServer(WebApplication app) => _app = app;

    public string Instance => _app.Url() + "/";

    public string Issuer => $"{Instance}{TenantId}/v2.0";

    public static async Task<OidcServer> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var server = new OidcServer(app);
        app.MapGet("/{**path}", (HttpContext context) => context.Request.Path.Value!.EndsWith("/keys", StringComparison.Ordinal)
            ? Results.Json(new { keys = new[] { server.Jwk() } })
            : Results.Json(new
            {
                issuer = server.Issuer,
                jwks_uri = $"{server.Instance}{TenantId}/discovery/v2.0/keys",
                authorization_endpoint = $"{server.Instance}{TenantId}/oauth2/v2.0/authorize",
                token_endpoint = $"{server.Instance}{TenantId}/oauth2/v2.0/token",
                id_token_signing_alg_values_supported = new[] { "RS256" },
                response_types_supported = new[] { "code" },
                subject_types_supported = new[] { "pairwise" },
            }));
        await app.StartAsync();
        return server;
    }

    /// <summary>An access token for the Bujji Coder API as Entra ID would issue it.</summary>
    public string Token(string objectId, string? email = null, string[]? roles = null, string[]? groups = null,
        string audience = ClientId, bool signWithUnpublishedKey = false)
    {
        var claims = new Dictionary<string, object>
        {
            ["oid"] = objectId,
            ["tid"] = TenantId,
            ["sub"] = "pairwise-" + objectId,
            ["ver"] = "2.0",
            ["scp"] = "access_as_user",
        };
        if (email is not null)
        {
            claims["preferred_username"] = email;
        }

        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        if (groups is not null)
        {
            claims["groups"] = groups;
        }

        var key = signWithUnpublishedKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private object Jwk()
    {
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        return new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) };
    }
}
