using System.Security.Claims;
using BujjiCoder.Api.Audit;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Http;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Admin;

internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Administration");
        admin.MapGet("/users", ListUsersAsync).RequireAuthorization(Permissions.AdminUsers);
        admin.MapPatch("/users/{id:guid}", UpdateUserAsync).RequireAuthorization(Permissions.AdminUsers).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/users/{id:guid}/revoke-sessions", RevokeSessionsAsync).RequireAuthorization(Permissions.AdminUsers);
        admin.MapGet("/audit", ListAuditAsync).RequireAuthorization(Permissions.AdminAudit);
        return api;
    }

    private static async Task<Ok<PagedResult<AdminUserResponse>>> ListUsersAsync(
        [AsParameters] PageRequest paging, [FromServices] BujjiDbContext db, BudgetOverrides budgets, CancellationToken cancellationToken)
    {
        var total = await db.Users.CountAsync(cancellationToken);
        var users = await db.Users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where ids.Contains(userRole.UserId)
                           select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var overrides = await budgets.ForUsersAsync(ids, cancellationToken);
        var items = users.Select(u => ToResponse(u, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!), overrides.GetValueOrDefault(u.Id))).ToList();
        return TypedResults.Ok(new PagedResult<AdminUserResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Ok<AdminUserResponse>, NotFound, ProblemHttpResult, ValidationProblem>> UpdateUserAsync(
        string id, UpdateUserRequest request, ClaimsPrincipal caller, UserManager<BujjiUser> users, RefreshTokens refreshTokens,
        BudgetOverrides budgets, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var current = await users.GetRolesAsync(user);
        if (request.Roles is { } wanted)
        {
            var unknown = wanted.Except(Permissions.ByRole.Keys).ToArray();
            if (unknown.Length > 0 || wanted.Length == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["roles"] = [$"Roles must be a non-empty subset of: {string.Join(", ", Permissions.ByRole.Keys)}."],
                });
            }
        }

        var losesAdmin = current.Contains(Roles.Admin)
            && ((request.Roles is { } roles && !roles.Contains(Roles.Admin)) || request.Disabled == true);
        if (losesAdmin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(admin => !admin.Disabled) <= 1)
        {
            await audit.WriteAsync(AuditActions.UserUpdate, AuditOutcomes.Denied, target: user.Id, detail: "last-admin");
            return Problems.Conflict("last-admin", "Last administrator", "The last enabled administrator cannot be demoted or disabled.");
        }

        if (request.Roles is { } newRoles)
        {
            // A new security stamp makes the user's live tokens stop at their next request.
            await users.RemoveFromRolesAsync(user, current.Except(newRoles));
            await users.AddToRolesAsync(user, newRoles.Except(current).Distinct());
            await users.UpdateSecurityStampAsync(user);
        }

        if (request.Disabled is { } disabled && disabled != user.Disabled)
        {
            user.Disabled = disabled;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            if (disabled)
            {
                await refreshTokens.RevokeAllAsync(user.Id, "disabled", cancellationToken);
            }
        }

        // The budget was validated with the rest of the body (BudgetRequest's attributes) before anything changed.
        var actorId = caller.FindFirstValue(TokenClaims.Subject);
        var budget = request.Budget is { } wantedBudget
            ? await budgets.SetAsync(user.Id, wantedBudget, actorId, cancellationToken)
            : await budgets.FindAsync(user.Id, cancellationToken);
        if (request.Budget is not null)
        {
            await audit.WriteAsync(AuditActions.BudgetUpdate, AuditOutcomes.Success, target: user.Id, detail: request.Budget.Describe(), actorId: actorId);
        }

        var detail = $"roles={string.Join('+', request.Roles ?? [])};disabled={request.Disabled?.ToString() ?? "-"}";
        await audit.WriteAsync(AuditActions.UserUpdate, AuditOutcomes.Success, target: user.Id, detail: detail, actorId: actorId);
        return TypedResults.Ok(ToResponse(user, await users.GetRolesAsync(user), budget));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeSessionsAsync(
        string id, UserManager<BujjiUser> users, RefreshTokens refreshTokens, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        await refreshTokens.RevokeAllAsync(user.Id, "admin-revoked", cancellationToken);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(AuditActions.RevokeSessions, AuditOutcomes.Success, target: user.Id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PagedResult<AuditEventResponse>>> ListAuditAsync(
        [AsParameters] PageRequest paging, [AsParameters] AuditQuery query, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (query.Action is { Length: > 0 } action)
        {
            events = events.Where(e => e.Action == action);
        }

        if (query.ActorId is { Length: > 0 } actor)
        {
            events = events.Where(e => e.ActorId == actor);
        }

        if (query.Outcome is { Length: > 0 } outcome)
        {
            events = events.Where(e => e.Outcome == outcome);
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.At >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.At < to.ToUniversalTime());
        }

        var total = await events.CountAsync(cancellationToken);
        var items = await events.OrderByDescending(e => e.At).ThenBy(e => e.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(e => new AuditEventResponse(e.Id, e.At, e.ActorId, e.Action, e.Target, e.Ip, e.UserAgent, e.Outcome, e.Detail))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<AuditEventResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static AdminUserResponse ToResponse(BujjiUser user, IEnumerable<string> roles, UserBudget? budget) =>
        new(user.Id, user.UserName!, user.Email!, [.. roles.Order(StringComparer.Ordinal)], user.Disabled, user.CreatedAt, user.LastLoginAt,
            BudgetOverrideResponse.From(budget));
}
