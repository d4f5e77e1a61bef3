using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Api.Workspaces.Diffs;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Api.Workspaces.Import;
using BujjiCoder.Api.Workspaces.Revisions;
using BujjiCoder.Api.Workspaces.Rules;
using BujjiCoder.Api.Workspaces.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Api.Workspaces;

/// <summary>
/// Workspaces and their members, and the routes under them. Every route with a workspace id is mapped behind the workspace
/// gate (<see cref="WorkspaceGateExtensions.MapWorkspace"/>), which checks the caller once for all of them.
/// </summary>
internal static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaceEndpoints(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("/", ListAsync).RequireAuthorization(Permissions.WorkspacesRead);
        workspaces.MapPost("/", CreateAsync).RequireAuthorization(Permissions.WorkspacesCreate).ProducesProblem(StatusCodes.Status409Conflict);

        var workspace = api.MapWorkspace().WithTags("Workspaces");
        workspace.MapGet("/", GetAsync);
        workspace.MapPatch("/", UpdateAsync).RequiresWorkspace(WorkspaceOperations.Manage);
        workspace.MapDelete("/", DeleteAsync).RequiresWorkspace(WorkspaceOperations.Manage);
        workspace.MapGet("/members", ListMembersAsync);
        workspace.MapPost("/members", AddMemberAsync).RequiresWorkspace(WorkspaceOperations.Manage).ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapPut("/members/{userId:guid}", SetMemberAsync).RequiresWorkspace(WorkspaceOperations.Manage).ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapDelete("/members/{userId:guid}", RemoveMemberAsync).RequiresWorkspace(WorkspaceOperations.Manage).ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapFileEndpoints().MapDiffEndpoints().MapRevisionEndpoints().MapRulesEndpoints().MapSearchEndpoints().MapImportEndpoints();
        return api;
    }

    private static async Task<Ok<PagedResult<WorkspaceResponse>>> ListAsync([AsParameters] PageRequest paging, ClaimsPrincipal caller, [FromServices] BujjiDbContext db)
    {
        var userId = UserId(caller);
        var mine = from member in db.WorkspaceMembers
                   join workspace in db.Workspaces on member.WorkspaceId equals workspace.Id
                   where member.UserId == userId
                   select new { workspace, member.Role };
        var total = await mine.CountAsync();
        var items = (await mine.OrderBy(x => x.workspace.Name).ThenBy(x => x.workspace.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync())
            .Select(x => ToResponse(x.workspace, x.Role)).ToList();
        return TypedResults.Ok(new PagedResult<WorkspaceResponse>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Created<WorkspaceResponse>, ProblemHttpResult>> CreateAsync(
        CreateWorkspaceRequest request, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, IOptions<WorkspaceLimits> limits, TimeProvider time)
    {
        var owned = await db.WorkspaceMembers.CountAsync(m => m.UserId == UserId(caller) && m.Role == WorkspaceRole.Owner);
        if (owned >= limits.Value.MaxWorkspacesPerUser)
        {
            return Problems.Conflict("workspace-quota", "Too many workspaces",
                $"You own {owned} workspaces, the most allowed ({limits.Value.MaxWorkspacesPerUser}). Delete one first.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var workspace = new Workspace
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            Description = request.Description,
            CreatedBy = UserId(caller),
            CreatedAt = now,
            UpdatedAt = now,
            Members = [new WorkspaceMember { UserId = UserId(caller), Role = WorkspaceRole.Owner, AddedAt = now }],
        };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/workspaces/{workspace.Id}", ToResponse(workspace, WorkspaceRole.Owner));
    }

    private static async Task<Ok<WorkspaceResponse>> GetAsync(Guid ws, WorkspaceCaller caller, [FromServices] BujjiDbContext db) =>
        TypedResults.Ok(ToResponse(await db.Workspaces.SingleAsync(w => w.Id == ws), caller.Role));

    private static async Task<Ok<WorkspaceResponse>> UpdateAsync(
        Guid ws, UpdateWorkspaceRequest request, WorkspaceCaller caller, [FromServices] BujjiDbContext db, TimeProvider time)
    {
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == ws);
        workspace.Name = request.Name?.Trim() ?? workspace.Name;
        workspace.Description = request.Description ?? workspace.Description;
        workspace.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return TypedResults.Ok(ToResponse(workspace, caller.Role));
    }

    private static async Task<NoContent> DeleteAsync(Guid ws, [FromServices] BujjiDbContext db, WorkspaceMemberships memberships)
    {
        var members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == ws).Select(m => m.UserId).ToListAsync();
        await db.Workspaces.Where(w => w.Id == ws).ExecuteDeleteAsync();
        await memberships.ChangedAsync(members);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<MemberResponse>>> ListMembersAsync(Guid ws, [FromServices] BujjiDbContext db)
    {
        var members = await (from member in db.WorkspaceMembers
                             join user in db.Users on member.UserId equals user.Id
                             where member.WorkspaceId == ws
                             orderby user.UserName
                             select new MemberResponse(member.UserId, user.UserName!, user.Email!, member.Role, member.AddedAt)).ToListAsync();
        return TypedResults.Ok(members);
    }

    /// <summary>
    /// Adds (or changes the role of) the user with this user name or e-mail address, either case, as people know each other
    /// by those rather than by id. A disabled account is not found.
    /// </summary>
    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> AddMemberAsync(
        Guid ws, AddMemberRequest request, UserManager<BujjiUser> users, [FromServices] BujjiDbContext db, TimeProvider time, AuditLog audit,
        WorkspaceMemberships memberships)
    {
        var name = request.User!.Trim();
        var user = await users.FindByNameAsync(name) ?? await users.FindByEmailAsync(name);
        if (user is null || user.Disabled)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "user-not-found", "User not found", "No user has that user name or e-mail address.");
        }

        return await SetRoleAsync(db, ws, user, request.Role!.Value, time, audit, memberships) is { } member ? TypedResults.Ok(member) : LastOwner();
    }

    private static async Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> SetMemberAsync(
        Guid ws, string userId, SetMemberRequest request, [FromServices] BujjiDbContext db, TimeProvider time, AuditLog audit,
        WorkspaceMemberships memberships)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        return await SetRoleAsync(db, ws, user, request.Role!.Value, time, audit, memberships) is { } member ? TypedResults.Ok(member) : LastOwner();
    }

    /// <summary>
    /// Makes <paramref name="user"/> a member with <paramref name="role"/>, unless that would leave the workspace without an owner
    /// (then null, and nothing changes).
    /// </summary>
    private static async Task<MemberResponse?> SetRoleAsync(
        BujjiDbContext db, Guid ws, BujjiUser user, WorkspaceRole role, TimeProvider time, AuditLog audit, WorkspaceMemberships memberships)
    {
        var member = await db.WorkspaceMembers.SingleOrDefaultAsync(m => m.WorkspaceId == ws && m.UserId == user.Id);
        if (member is not null && member.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner && await IsLastOwnerAsync(db, ws))
        {
            return null;
        }

        if (member is null)
        {
            db.WorkspaceMembers.Add(member = new WorkspaceMember { WorkspaceId = ws, UserId = user.Id, Role = role, AddedAt = time.GetUtcNow().UtcDateTime });
        }

        member.Role = role;
        await db.SaveChangesAsync();
        await memberships.ChangedAsync([user.Id]);
        await audit.WriteAsync(AuditActions.WorkspaceMemberSet, AuditOutcomes.Success, target: user.Id, detail: $"workspace={ws};role={role}");
        return new MemberResponse(user.Id, user.UserName!, user.Email!, member.Role, member.AddedAt);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveMemberAsync(
        Guid ws, string userId, [FromServices] BujjiDbContext db, WorkspaceMemberships memberships)
    {
        var member = await db.WorkspaceMembers.SingleOrDefaultAsync(m => m.WorkspaceId == ws && m.UserId == userId);
        if (member is null)
        {
            return TypedResults.NotFound();
        }

        if (member.Role == WorkspaceRole.Owner && await IsLastOwnerAsync(db, ws))
        {
            return LastOwner();
        }

        db.WorkspaceMembers.Remove(member);
        await db.SaveChangesAsync();
        await memberships.ChangedAsync([userId]);
        return TypedResults.NoContent();
    }

    private static async Task<bool> IsLastOwnerAsync(BujjiDbContext db, Guid ws) =>
        await db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == ws && m.Role == WorkspaceRole.Owner) <= 1;

    private static ProblemHttpResult LastOwner() =>
        Problems.Conflict("last-owner", "Last owner", "A workspace keeps at least one owner; make someone else Owner first.");

    private static WorkspaceResponse ToResponse(Workspace workspace, WorkspaceRole role) =>
        new(workspace.Id, workspace.Name, workspace.Description, role, workspace.CreatedAt, workspace.UpdatedAt);

    private static string UserId(ClaimsPrincipal caller) => caller.FindFirstValue(TokenClaims.Subject)!;
}
