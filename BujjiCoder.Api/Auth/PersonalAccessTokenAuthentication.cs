using System.Security.Claims;
using System.Text.Encodings.Web;
using BujjiCoder.Api.Auth.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer bjc_…</c>. The principal carries the user's current roles and the
/// token's scopes; permissions need both (see <see cref="PermissionHandler"/>).
/// </summary>
internal sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PersonalAccessTokens tokens, IdentityCache users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    /// <summary>Sends <c>bjc_</c> bearer tokens here, tokens from another issuer to Entra ID (when configured), and the rest to our JWTs.</summary>
    public const string SelectorScheme = "BearerOrPersonalAccessToken";

    public static string SelectScheme(HttpContext context, bool entraIdConfigured)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith($"Bearer {PersonalAccessTokens.Prefix}", StringComparison.Ordinal))
        {
            return SchemeName;
        }

        if (entraIdConfigured && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var ours = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt.Issuer;
            if (UnvalidatedIssuer(header["Bearer ".Length..].Trim()) is { } issuer && issuer != ours)
            {
                return EntraId.Scheme;
            }
        }

        return JwtBearerDefaults.AuthenticationScheme;
    }

    /// <summary>The token's <c>iss</c>, read but not validated (the chosen scheme validates everything); null when unreadable.</summary>
    private static string? UnvalidatedIssuer(string token)
    {
        try
        {
            return new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            // Malformed: let JWT validation refuse it with a proper 401.
            return null;
        }
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.UseAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        var user = token is null ? null : await users.UserAsync(token.UserId, Context.RequestAborted);
        if (token is null || user is null || user.Disabled)
        {
            return AuthenticateResult.Fail("Invalid personal access token.");
        }

        var claims = new List<Claim>
        {
            new(TokenClaims.Subject, user.Id),
            new(TokenClaims.Name, user.UserName),
            new(TokenClaims.Email, user.Email),
            new(PermissionHandler.TokenIdClaim, token.Id.ToString()),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(TokenClaims.Role, role)));
        claims.AddRange(token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(scope => new Claim(PermissionHandler.ScopeClaim, scope)));
        var identity = new ClaimsIdentity(claims, SchemeName, TokenClaims.Name, TokenClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
