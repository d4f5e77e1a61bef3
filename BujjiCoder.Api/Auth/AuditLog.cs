using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Workspaces.Audit;
using BujjiCoder.Workspaces.Uploads;

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
    public const string UploadMalware = UploadScanner.MalwareAuditAction;
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
/// identities it names; any feature may write to it. Events carry the caller's IP and user agent (see
/// <see cref="RequestAuditOrigin"/>); callers pass reasons, never secrets; each event is saved through a DbContext of
/// its own (see <see cref="AuditWriter"/>).
/// </summary>
internal sealed class AuditLog(IServiceScopeFactory scopes, TimeProvider time, IAuditOrigin origin) : AuditWriter(scopes, time, origin);

/// <summary>The request an audit event is written during: its signed-in caller, their address and user agent.</summary>
internal sealed class RequestAuditOrigin(IHttpContextAccessor http) : IAuditOrigin
{
    public string? ActorId => http.HttpContext?.User.FindFirstValue(TokenClaims.Subject);

    public string? Ip => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => http.HttpContext?.Request.Headers.UserAgent.ToString();
}
