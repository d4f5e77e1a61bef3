using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace BujjiCoder.Api.Auth;

/// <summary>What a caller is to one workspace: its id and the caller's membership role, null for a non-member.</summary>
internal sealed record WorkspaceAccess(string WorkspaceId, WorkspaceRole? MemberRole);

/// <summary>The three things one can do to a workspace; every workspace endpoint authorizes one of them.</summary>
internal static class WorkspaceOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
    public static readonly OperationAuthorizationRequirement Write = new() { Name = nameof(Write) };
    public static readonly OperationAuthorizationRequirement Manage = new() { Name = nameof(Manage) };
}

/// <summary>
/// The one place that decides workspace access: membership role (Viewer reads, Editor writes, Owner
/// manages) and the account-wide permission (so a Guest stays read-only even as Owner, and a token stays
/// within its scopes). A non-member is refused; endpoints answer 404 so ids do not confirm workspaces exist.
/// </summary>
internal sealed class WorkspaceAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, WorkspaceAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, WorkspaceAccess resource)
    {
        var (minimumRole, permission) = requirement.Name switch
        {
            nameof(WorkspaceOperations.Read) => (WorkspaceRole.Viewer, Permissions.WorkspacesRead),
            nameof(WorkspaceOperations.Write) => (WorkspaceRole.Editor, Permissions.WorkspacesWrite),
            nameof(WorkspaceOperations.Manage) => (WorkspaceRole.Owner, Permissions.WorkspacesWrite),
            _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement.Name, "Unknown workspace operation."),
        };

        if (resource.MemberRole >= minimumRole && PermissionHandler.Grants(context.User, permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
