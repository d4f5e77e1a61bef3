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
        var roles = context.User.FindAll(Tokens.TokenClaims.Role).Select(claim => claim.Value);
        var byRole = Permissions.For(roles).Contains(requirement.Permission);
        var scopes = context.User.FindAll(ScopeClaim).Select(claim => claim.Value).ToList();
        var byScope = !IsPersonalAccessToken(context.User) || scopes.Contains(Permissions.ScopeOf(requirement.Permission));
        if (byRole && byScope)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public static bool IsPersonalAccessToken(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(claim => claim.Type == TokenIdClaim);
}
