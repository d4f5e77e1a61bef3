using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Auth;

/// <summary>Names of audited actions; the <c>action</c> filter of <c>GET /api/v1/admin/audit</c> takes these.</summary>
internal static class AuditActions
{
    public const string Register = "auth.register";
    public const string Login = "auth.login";
    public const string Logout = "auth.logout";
    public const string Refresh = "auth.refresh";
    public const string ChangePassword = "auth.change-password";
    public const string UserUpdate = "admin.user.update";
    public const string BudgetUpdate = "admin.user.budget";
    public const string RevokeSessions = "admin.user.revoke-sessions";
    public const string Bootstrap = "admin.bootstrap";
    public const string TokenCreate = "token.create";
    public const string TokenRotate = "token.rotate";
    public const string TokenRevoke = "token.revoke";
    public const string SessionRevoke = "session.revoke";
    public const string InvitationCreate = "invitation.create";
    public const string InvitationRevoke = "invitation.revoke";
    public const string UploadMalware = "upload.malware";
    public const string WorkspaceMemberSet = "workspace.member.set";
}

internal static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}

/// <summary>
/// The security audit trail (sign-ins, credentials, roles, budgets, membership, refused uploads) belongs to Auth, whose
/// identities it names; any feature may write to it. Writes audit events with the caller's IP and user agent. Callers pass reasons, never secrets. Each event
/// is saved through a DbContext of its own, so it never commits (or trips over) the request's pending changes.
/// </summary>
internal sealed class AuditLog(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider time)
{
    public async Task WriteAsync(string action, string outcome, string? target = null, string? detail = null, string? actorId = null)
    {
        var context = http.HttpContext;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.NewGuid(),
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actorId ?? context?.User.FindFirstValue(TokenClaims.Subject),
            Action = action,
            Target = Truncate(target, 256),
            Ip = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(context?.Request.Headers.UserAgent.ToString(), 512),
            Outcome = outcome,
            Detail = Truncate(detail, 128),
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
