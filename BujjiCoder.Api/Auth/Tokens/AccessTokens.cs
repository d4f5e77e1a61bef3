using BujjiCoder.Data.Entities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>Claim names inside Bujji Coder access tokens.</summary>
internal static class TokenClaims
{
    public const string Subject = JwtRegisteredClaimNames.Sub;
    public const string Name = "name";
    public const string Email = JwtRegisteredClaimNames.Email;
    public const string Role = "role";

    /// <summary>The user's security stamp when the token was issued; a changed stamp kills the token.</summary>
    public const string SecurityStamp = "sstamp";

    /// <summary>The session (refresh-token family) the token was issued for, so <c>/me/sessions</c> can mark the caller's own.</summary>
    public const string SessionId = JwtRegisteredClaimNames.Sid;

    /// <summary>The JOSE <c>typ</c> of access tokens (RFC 9068); nothing else Bujji Coder issues carries it.</summary>
    public const string AccessTokenType = "at+jwt";
}

/// <summary>Issues the short-lived JWT access tokens and describes how they are validated.</summary>
internal sealed class AccessTokens(IOptions<AuthOptions> options, SigningKeys keys, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    private JwtOptions Jwt => options.Value.Jwt;

    public (string Token, int ExpiresInSeconds) Issue(BujjiUser user, IEnumerable<string> roles, Guid sessionId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Jwt.Issuer,
            Audience = Jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Jwt.AccessTokenLifetime,
            TokenType = TokenClaims.AccessTokenType,
            // The key carries its id, so the header names it (kid) and validation goes straight to it.
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [TokenClaims.Subject] = user.Id,
                [TokenClaims.Name] = user.UserName ?? string.Empty,
                [TokenClaims.Email] = user.Email ?? string.Empty,
                [TokenClaims.Role] = roles.ToArray(),
                [TokenClaims.SecurityStamp] = user.SecurityStamp ?? string.Empty,
                [TokenClaims.SessionId] = sessionId.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, (int)Jwt.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>
    /// Issuer, audience, lifetime and signature are all checked; only HS256 and only the access-token
    /// <c>typ</c> are accepted, so <c>alg: none</c>, other keys and other kinds of token fail.
    /// </summary>
    /// <remarks>
    /// The keys are looked up per token (the resolver), never copied in: these parameters live as long as the
    /// JwtBearer options, and a copied key would outlive its rotation. No fallback to "try every key" for a kid
    /// that matches none: an unknown kid is refused.
    /// </remarks>
    public static TokenValidationParameters ValidationParameters(JwtOptions jwt, SigningKeys keys) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        IssuerSigningKeyResolver = (_, _, kid, _) => keys.ForKeyId(kid),
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidTypes = [TokenClaims.AccessTokenType],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = jwt.ClockSkew,
        NameClaimType = TokenClaims.Name,
        RoleClaimType = TokenClaims.Role,
    };
}
