using BujjiCoder.Api.Auth.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Runs after a token's signature and lifetime check: the account must still exist, be enabled and have
/// the security stamp the token was issued with. Password changes, role changes and disabling all change
/// the stamp, so they take effect on the next request instead of when the token expires. The account comes from
/// the <see cref="IdentityCache"/>, which every such change invalidates on every replica (see there for the bound).
/// </summary>
internal static class SecurityStampValidation
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var userId = context.Principal?.FindFirst(TokenClaims.Subject)?.Value;
        var stamp = context.Principal?.FindFirst(TokenClaims.SecurityStamp)?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<IdentityCache>();
        var user = userId is null ? null : await users.UserAsync(userId, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled || string.IsNullOrEmpty(stamp) || user.SecurityStamp != stamp)
        {
            context.Fail("The token was revoked.");
        }
    }
}
