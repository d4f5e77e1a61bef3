using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Workspaces;

namespace BujjiCoder.Api.Workspaces;

/// <summary>What a workspace endpoint learns before it acts: the caller's membership and whether the operation is allowed.</summary>
internal sealed record WorkspaceGate(string UserId, WorkspaceRole? Role, IResult? Denial)
{
    public bool Allowed => Denial is null;
}

/// <summary>
/// Loads the caller's membership of a workspace and asks the workspace authorization handler. A workspace
/// the caller cannot even read is 404 (its existence is not confirmed); a member lacking the rights is 403.
/// </summary>
internal sealed class WorkspaceAccessor(BujjiDbContext db, IAuthorizationService authorization)
{
    public async Task<WorkspaceGate> AuthorizeAsync(ClaimsPrincipal caller, Guid workspaceId, OperationAuthorizationRequirement operation)
    {
        var userId = caller.FindFirstValue(TokenClaims.Subject)!;
        var role = await db.WorkspaceMembers
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId)
            .Select(m => (WorkspaceRole?)m.Role)
            .SingleOrDefaultAsync();
        var access = new WorkspaceAccess(workspaceId.ToString(), role);
        if ((await authorization.AuthorizeAsync(caller, access, operation)).Succeeded)
        {
            return new WorkspaceGate(userId, role, null);
        }

        var canRead = operation != WorkspaceOperations.Read && (await authorization.AuthorizeAsync(caller, access, WorkspaceOperations.Read)).Succeeded;
        return new WorkspaceGate(userId, role, canRead ? TypedResults.Forbid() : TypedResults.NotFound());
    }
}
