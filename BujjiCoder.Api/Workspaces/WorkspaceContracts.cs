using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces;

namespace BujjiCoder.Api.Workspaces;

public sealed record CreateWorkspaceRequest(
    [property: Required, StringLength(100, MinimumLength = 1), SingleLineText] string Name,
    [property: StringLength(2000), NoNulCharacter] string? Description);

/// <summary>Either field may be left out; a name given must not be blank (it is stored trimmed).</summary>
public sealed record UpdateWorkspaceRequest(
    [property: StringLength(100, MinimumLength = 1), SingleLineText, RegularExpression(@".*\S.*", ErrorMessage = "{0} must not be blank.")] string? Name,
    [property: StringLength(2000), NoNulCharacter] string? Description);

/// <summary>The role by name (<c>owner</c>, <c>editor</c>, <c>viewer</c>, any case); numbers and lists of names are refused.</summary>
public sealed record SetMemberRequest([property: Required, EnumDataType(typeof(WorkspaceRole))] WorkspaceRole? Role);

/// <summary>Whom to add, by user name or e-mail address (either case), and as what.</summary>
public sealed record AddMemberRequest(
    [property: Required, StringLength(256, MinimumLength = 1), SingleLineText] string? User,
    [property: Required, EnumDataType(typeof(WorkspaceRole))] WorkspaceRole? Role);

internal sealed record WorkspaceResponse(Guid Id, string Name, string? Description, WorkspaceRole Role, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed record MemberResponse(string UserId, string UserName, string Email, WorkspaceRole Role, DateTime AddedAt);
