using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Http;

namespace BujjiCoder.Api.Admin;

/// <summary>A user as admins see it; <c>budget</c> is the user's override (null when the role defaults apply).</summary>
internal sealed record AdminUserResponse(
    string Id, string UserName, string Email, string[] Roles, bool Disabled, DateTime CreatedAt, DateTime? LastLoginAt, BudgetOverrideResponse? Budget);

/// <summary>
/// Only what an admin may change; anything else in the body is ignored. <c>budget</c>, when given, replaces the
/// user's budget override (see <see cref="BudgetRequest"/>).
/// </summary>
public sealed record UpdateUserRequest(string[]? Roles, bool? Disabled, BudgetRequest? Budget = null);

internal sealed record AuditEventResponse(
    Guid Id, DateTime At, string? ActorId, string Action, string? Target, string? Ip, string? UserAgent, string Outcome, string? Detail);

public sealed record AuditQuery(
    [property: StringLength(64)] string? Action,
    [property: RegularExpression(Formats.Guid, ErrorMessage = Formats.GuidMessage)] string? ActorId,
    [property: StringLength(16)] string? Outcome,
    DateTime? From,
    DateTime? To);
