using BujjiCoder.Api.Auth;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace BujjiCoder.Api.Workspaces;

/// <summary>Marks an endpoint as behind the workspace gate; routes under <c>/workspaces/{ws}</c> without it are a mistake (a test says so).</summary>
internal sealed class WorkspaceGateMetadata
{
    public static readonly WorkspaceGateMetadata Instance = new();

    private WorkspaceGateMetadata()
    {
    }
}

/// <summary>What an endpoint behind the workspace gate does to the workspace: one of <see cref="WorkspaceOperations"/>.</summary>
internal sealed record RequiredWorkspaceOperation(OperationAuthorizationRequirement Operation);

internal static class WorkspaceGateExtensions
{
    /// <summary>
    /// A group for routes under <c>/workspaces/{ws}</c>: every endpoint mapped on it passes the workspace gate
    /// (<see cref="WorkspaceGateFilter"/>) before its handler runs, and documents the gate's 404. Features may map their
    /// own group with this (each with its own tags and permissions); the gate is the same.
    /// Minimal APIs bind and validate (data annotations) before any filter runs, so a malformed request is 400 whoever
    /// sends it, as it always was; every check a handler makes itself comes after the gate.
    /// </summary>
    public static RouteGroupBuilder MapWorkspace(this IEndpointRouteBuilder api)
    {
        var workspace = api.MapGroup("/workspaces/{ws:guid}");
        workspace.WithMetadata(WorkspaceGateMetadata.Instance).AddEndpointFilterFactory(WorkspaceGateFilter.Create);
        workspace.ProducesProblem(StatusCodes.Status404NotFound);
        return workspace;
    }

    /// <summary>
    /// The operation the endpoint performs, when it is more than reading (Write or Manage): the gate refuses members whose
    /// role or permissions do not allow it with 403, which the document then lists.
    /// </summary>
    public static RouteHandlerBuilder RequiresWorkspace(this RouteHandlerBuilder builder, OperationAuthorizationRequirement operation)
    {
        builder.WithMetadata(new RequiredWorkspaceOperation(operation));
        return operation == WorkspaceOperations.Read ? builder : builder.ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
