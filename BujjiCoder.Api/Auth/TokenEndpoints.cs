using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BujjiCoder.Api.Audit;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Auth;

/// <summary>Personal access tokens: <c>/api/v1/me/tokens</c> for their owner, <c>/api/v1/admin/tokens</c> for admins.</summary>
internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/tokens").WithTags("Personal access tokens").RequireAuthorization(Policies.Interactive);
        mine.MapGet("/", ListMineAsync);
        mine.MapPost("/", CreateAsync);
        mine.MapDelete("/{id:guid}", RevokeMineAsync);
        mine.MapPost("/{id:guid}/rotate", RotateAsync);

        var all = api.MapGroup("/admin/tokens").WithTags("Administration").RequireAuthorization(Permissions.AdminUsers);
        all.MapGet("/", ListAllAsync);
        all.MapDelete("/{id:guid}", RevokeAnyAsync);
        return api;
    }

    private static async Task<Ok<TokenInfo[]>> ListMineAsync(ClaimsPrincipal caller, [FromServices] BujjiDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Infos(db.PersonalAccessTokens.Where(t => t.UserId == UserId(caller)), cancellationToken));

    private static async Task<Ok<TokenInfo[]>> ListAllAsync(
        [RegularExpression(Formats.Guid, ErrorMessage = Formats.GuidMessage)] string? userId, [FromServices] BujjiDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Infos(db.PersonalAccessTokens.Where(t => userId == null || t.UserId == userId), cancellationToken));

    /// <summary>Scopes and expiry are checked by <see cref="CreateTokenRequest"/> itself (400 before this runs).</summary>
    private static async Task<Results<Created<IssuedToken>, ForbidHttpResult>> CreateAsync(
        CreateTokenRequest request, ClaimsPrincipal caller, PersonalAccessTokens tokens, TimeProvider time, AuditLog audit)
    {
        var expiresAt = request.ExpiresAtFrom(time.GetUtcNow().UtcDateTime);

        // A token never exceeds its user: only admins may mint admin-scoped tokens.
        if (request.Scopes.Contains("admin") && !caller.IsInRole(Roles.Admin))
        {
            await audit.WriteAsync(AuditActions.TokenCreate, AuditOutcomes.Denied, detail: "admin-scope");
            return TypedResults.Forbid();
        }

        var (token, value) = await tokens.CreateAsync(UserId(caller), request.Name, request.Scopes, expiresAt);
        await audit.WriteAsync(AuditActions.TokenCreate, AuditOutcomes.Success, target: token.Id.ToString(), detail: token.Scopes);
        return TypedResults.Created($"/api/v1/me/tokens/{token.Id}", new IssuedToken(token.Id, token.Name, Split(token.Scopes), token.ExpiresAt, value));
    }

    private static async Task<Results<Ok<IssuedToken>, NotFound>> RotateAsync(
        Guid id, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, PersonalAccessTokens tokens, TimeProvider time, AuditLog audit)
    {
        var token = await db.PersonalAccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.UserId == UserId(caller));
        var value = token is null || token.ExpiresAt <= time.GetUtcNow().UtcDateTime ? null : await tokens.RotateAsync(token);
        if (token is null || value is null)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActions.TokenRotate, AuditOutcomes.Success, target: id.ToString());
        return TypedResults.Ok(new IssuedToken(token.Id, token.Name, Split(token.Scopes), token.ExpiresAt, value));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeMineAsync(
        Guid id, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, PersonalAccessTokens tokens, AuditLog audit)
    {
        // Someone else's token is "not found", never "forbidden": ids do not confirm that tokens exist.
        if (!await db.PersonalAccessTokens.AnyAsync(t => t.Id == id && t.UserId == UserId(caller)))
        {
            return TypedResults.NotFound();
        }

        await tokens.RevokeAsync(id);
        await audit.WriteAsync(AuditActions.TokenRevoke, AuditOutcomes.Success, target: id.ToString());
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAnyAsync(Guid id, [FromServices] BujjiDbContext db, PersonalAccessTokens tokens, AuditLog audit)
    {
        if (!await db.PersonalAccessTokens.AnyAsync(t => t.Id == id))
        {
            return TypedResults.NotFound();
        }

        await tokens.RevokeAsync(id);
        await audit.WriteAsync(AuditActions.TokenRevoke, AuditOutcomes.Success, target: id.ToString(), detail: "by-admin");
        return TypedResults.NoContent();
    }

    private static async Task<TokenInfo[]> Infos(IQueryable<PersonalAccessToken> tokens, CancellationToken cancellationToken) =>
        [.. (await tokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(500).ToListAsync(cancellationToken))
            .Select(t => new TokenInfo(t.Id, t.UserId, t.Name, Split(t.Scopes), t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt is not null))];

    private static string UserId(ClaimsPrincipal caller) => caller.FindFirstValue(TokenClaims.Subject)!;

    private static string[] Split(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
