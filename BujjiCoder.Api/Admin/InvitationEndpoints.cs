using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BujjiCoder.Api.Audit;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Admin;

/// <summary>An invitation for one person: optionally bound to an e-mail address; the role defaults to User.</summary>
public sealed record CreateInvitationRequest(
    [property: StringLength(254), EmailAddress, SingleLineText] string? Email,
    [property: StringLength(16)] string? Role,
    [property: Range(1, 90)] int? ExpiresInDays) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Role is not null && !Permissions.ByRole.ContainsKey(Role))
        {
            yield return new ValidationResult($"Role must be one of: {string.Join(", ", Permissions.ByRole.Keys)}.", [nameof(Role)]);
        }
    }
}

internal sealed record InvitationResponse(Guid Id, string? Email, string Role, DateTime CreatedAt, DateTime ExpiresAt, DateTime? UsedAt, string? UsedBy, bool Revoked);

/// <summary>The only response carrying the code.</summary>
internal sealed record CreatedInvitation(Guid Id, string? Email, string Role, DateTime ExpiresAt, string Code);

internal static class InvitationEndpoints
{
    public static RouteGroupBuilder MapInvitationEndpoints(this RouteGroupBuilder api)
    {
        var invitations = api.MapGroup("/admin/invitations").WithTags("Administration").RequireAuthorization(Permissions.AdminUsers);
        invitations.MapGet("/", ListAsync);
        invitations.MapPost("/", CreateAsync);
        invitations.MapDelete("/{id:guid}", RevokeAsync);
        return api;
    }

    private static async Task<Ok<InvitationResponse[]>> ListAsync([FromServices] BujjiDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Invitations.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(500).ToListAsync(cancellationToken))
            .Select(i => new InvitationResponse(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.UsedAt, i.UsedBy, i.RevokedAt is not null))
            .ToArray());

    private static async Task<Created<CreatedInvitation>> CreateAsync(
        CreateInvitationRequest request, ClaimsPrincipal caller, Invitations invitations, AuditLog audit)
    {
        var role = request.Role ?? Roles.User;
        var (invitation, code) = await invitations.CreateAsync(
            caller.FindFirstValue(TokenClaims.Subject)!, request.Email, role, TimeSpan.FromDays(request.ExpiresInDays ?? 7));
        await audit.WriteAsync(AuditActions.InvitationCreate, AuditOutcomes.Success, target: invitation.Id.ToString(), detail: role);
        return TypedResults.Created($"/api/v1/admin/invitations/{invitation.Id}",
            new CreatedInvitation(invitation.Id, invitation.Email, invitation.Role, invitation.ExpiresAt, code));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, Invitations invitations, AuditLog audit)
    {
        if (await invitations.RevokeAsync(id) == 0)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActions.InvitationRevoke, AuditOutcomes.Success, target: id.ToString());
        return TypedResults.NoContent();
    }
}
