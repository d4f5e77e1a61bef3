using System.ComponentModel.DataAnnotations;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Workspaces;

public sealed record CreateWorkspaceRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: StringLength(2000)] string? Description);

public sealed record UpdateWorkspaceRequest(
    [property: StringLength(100, MinimumLength = 1)] string? Name,
    [property: StringLength(2000)] string? Description);

public sealed record SetMemberRequest([property: Required] WorkspaceRole? Role);

internal sealed record WorkspaceResponse(Guid Id, string Name, string? Description, WorkspaceRole Role, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed record MemberResponse(string UserId, string UserName, WorkspaceRole Role, DateTime AddedAt);
