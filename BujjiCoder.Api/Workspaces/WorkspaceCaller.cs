using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Workspaces;

/// <summary>
/// Who the caller is to the workspace the route names, as the workspace gate let them in: a handler behind the gate
/// takes it as a parameter instead of asking again.
/// </summary>
internal sealed record WorkspaceCaller(Guid WorkspaceId, string UserId, WorkspaceRole Role)
{
    // Minimal APIs bind parameters before endpoint filters run, so binding can only hold the argument's place; the
    // gate (a filter) replaces it once it has decided. Nothing outside the gate may ever see this placeholder.
    private static readonly WorkspaceCaller NotYetAdmitted = new(Guid.Empty, string.Empty, default);

    public static ValueTask<WorkspaceCaller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<WorkspaceGateMetadata>() is null)
        {
            throw new InvalidOperationException(
                $"{context.GetEndpoint()?.DisplayName} takes a {nameof(WorkspaceCaller)} but is not behind the workspace gate: map it on MapWorkspace().");
        }

        return ValueTask.FromResult<WorkspaceCaller?>(NotYetAdmitted);
    }
}
