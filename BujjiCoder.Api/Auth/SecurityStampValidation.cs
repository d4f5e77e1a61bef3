using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Runs after a token's signature and lifetime check: the account must still exist, be enabled and have
/// the security stamp the token was issued with. Password changes, role changes and disabling all change
/// the stamp, so they take effect on the next request instead of when the token expires.
/// </summary>
internal static class SecurityStampValidation
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var userId = context.Principal?.FindFirst(TokenClaims.Subject)?.Value;
        var stamp = context.Principal?.FindFirst(TokenClaims.SecurityStamp)?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<BujjiUser>>();
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || user.Disabled || stamp is null || user.SecurityStamp != stamp)
        {
            context.Fail("The token was revoked.");
        }
    }
}
