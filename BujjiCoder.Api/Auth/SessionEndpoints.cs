using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Auth;

/// <summary><c>/api/v1/me/sessions</c>: the places a user is signed in, each of which they can sign out remotely.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        // Sessions are credentials like tokens: a script's token may neither see where its user signs in nor end those sessions.
        var sessions = api.MapGroup("/me/sessions").WithTags("Sessions").RequireAuthorization(Policies.Interactive);
        sessions.MapGet("/", ListAsync);
        sessions.MapDelete("/{id:guid}", RevokeAsync);
        return api;
    }

    private static async Task<Ok<SessionResponse[]>> ListAsync(ClaimsPrincipal caller, RefreshTokens refreshTokens, CancellationToken cancellationToken)
    {
        var current = caller.FindFirstValue(TokenClaims.SessionId);
        var sessions = await refreshTokens.ActiveAsync(UserId(caller), cancellationToken);
        return TypedResults.Ok(sessions
            .Select(s => new SessionResponse(s.FamilyId, s.UserAgent, s.Ip, s.CreatedAt, s.LastUsedAt, s.FamilyId.ToString() == current))
            .ToArray());
    }

    /// <summary>
    /// Ends a session: its refresh token stops working at once; an access token it already holds lives out its short lifetime.
    /// Someone else's session is "not found", never "forbidden": ids do not confirm that sessions exist.
    /// </summary>
    private static async Task<Results<NoContent, NotFound>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, RefreshTokens refreshTokens, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await refreshTokens.RevokeSessionAsync(id, UserId(caller), "session-revoked", cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActions.SessionRevoke, AuditOutcomes.Success, target: id.ToString());
        return TypedResults.NoContent();
    }

    private static string UserId(ClaimsPrincipal caller) => caller.FindFirstValue(TokenClaims.Subject)!;
}
