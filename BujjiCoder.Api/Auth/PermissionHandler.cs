using Microsoft.AspNetCore.Authorization;

namespace BujjiCoder.Api.Auth;

/// <summary>The requirement behind each permission policy.</summary>
internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>
/// A permission is granted when one of the caller's roles holds it and, for a personal access token,
/// when the token's scopes cover it too: a token never does more than its scopes, nor more than its user.
/// </summary>
internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    public const string ScopeClaim = "scope";
    public const string TokenIdClaim = "pat_id";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Grants(context.User, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether the caller's roles hold <paramref name="permission"/> and, for a token, its scopes cover it.</summary>
    public static bool Grants(System.Security.Claims.ClaimsPrincipal user, string permission)
    {
        var roles = user.FindAll(Tokens.TokenClaims.Role).Select(claim => claim.Value);
        var byRole = Permissions.For(roles).Contains(permission);
        var byScope = !IsPersonalAccessToken(user) || user.HasClaim(ScopeClaim, Permissions.ScopeOf(permission));
        return byRole && byScope;
    }

    public static bool IsPersonalAccessToken(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(claim => claim.Type == TokenIdClaim);
}
