using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace BujjiCoder.Api.Workspaces;

/// <summary>What a workspace endpoint learns before it acts: the caller's membership and whether the operation is allowed.</summary>
internal sealed record WorkspaceGate(string UserId, WorkspaceRole? Role, IResult? Denial)
{
    public bool Allowed => Denial is null;
}

/// <summary>
/// The access check for handlers not yet behind the workspace gate (<see cref="WorkspaceGateExtensions.MapWorkspace"/>), which
/// they call themselves; it asks the gate's own check, so both answer alike. It goes once the last of them has moved.
/// </summary>
internal sealed class WorkspaceAccessor(IServiceProvider services)
{
    public async Task<WorkspaceGate> AuthorizeAsync(ClaimsPrincipal caller, Guid workspaceId, OperationAuthorizationRequirement operation)
    {
        var (admitted, denial) = await WorkspaceGateFilter.AdmitAsync(services, caller, workspaceId, operation);
        return new WorkspaceGate(caller.FindFirstValue(TokenClaims.Subject)!, admitted?.Role, denial);
    }
}
