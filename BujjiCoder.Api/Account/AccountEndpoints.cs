using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Api.Account;

/// <summary>
/// The caller's account: register, sign in, refresh, sign out, who am I, change password. Apart from Auth (claims,
/// tokens, permissions, schemes) because these endpoints are rate limited per address and by the password-hashing cap,
/// and the rate limiter reads Auth's claims: Auth ← RateLimiting ← Account, one way.
/// </summary>
internal static class AccountEndpoints
{
    public const string RefreshCookie = "bujji_refresh";
    private const string CookiePath = "/api/v1/auth";
    private const string RefreshCookieDescription = "The refresh token as the bujji_refresh cookie: HttpOnly, Secure, SameSite=Strict, Path=/api/v1/auth.";

    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(PasswordHashingLimit.Policy).WithRateLimitGroup(RateLimitGroups.Auth)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(PasswordHashingLimit.Policy).WithRateLimitGroup(RateLimitGroups.Auth)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status423Locked)
            .WithResponseHeader(StatusCodes.Status200OK, "Set-Cookie", RefreshCookieDescription)
            .WithResponseHeader(StatusCodes.Status423Locked, "Retry-After", "Seconds until the account unlocks.");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().WithRateLimitGroup(RateLimitGroups.Auth)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized)
            .WithRequestHeader(AntiforgeryHeader.Name, "Required (any value) when the refresh token comes from the cookie rather than the body.")
            .WithResponseHeader(StatusCodes.Status200OK, "Set-Cookie", RefreshCookieDescription);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.Interactive);
        auth.MapGet("/me", MeAsync);
        auth.MapPost("/change-password", ChangePasswordAsync).RequireAuthorization(Policies.Interactive).RequireRateLimiting(PasswordHashingLimit.Policy);
        return api;
    }

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult, ValidationProblem>> RegisterAsync(
        RegisterRequest request, UserManager<BujjiUser> users, Invitations invitations, IOptions<AuthOptions> options, IFeatureManager features,
        TimeProvider time, AuditLog audit)
    {
        var mode = await features.IsEnabledAsync(FeatureFlags.Registration) ? options.Value.RegistrationMode : RegistrationMode.Closed;
        Invitation? invitation = null;
        if (mode == RegistrationMode.Invite && !string.IsNullOrEmpty(request.InvitationCode))
        {
            invitation = await invitations.ClaimAsync(request.InvitationCode, request.Email);
        }

        if (mode == RegistrationMode.Closed || (mode == RegistrationMode.Invite && invitation is null))
        {
            await audit.WriteAsync(AuditActions.Register, AuditOutcomes.Denied, target: request.UserName, detail: mode == RegistrationMode.Closed ? "closed" : "invitation");
            return Problems.RegistrationClosed(mode == RegistrationMode.Closed
                ? "This server does not accept new accounts."
                : "This server accepts new accounts by invitation only; the invitation code is missing, used, expired or for another address.");
        }

        var user = new BujjiUser { UserName = request.UserName, Email = request.Email, CreatedAt = time.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            if (invitation is not null)
            {
                await invitations.ReleaseAsync(invitation.Id);
            }

            var exists = created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail");
            await audit.WriteAsync(AuditActions.Register, AuditOutcomes.Failure, target: request.UserName, detail: exists ? "exists" : "invalid");
            return exists
                ? Problems.Conflict("account-exists", "Account exists", "That user name or e-mail address is already registered.")
                : TypedResults.ValidationProblem(ErrorsByField(created.Errors));
        }

        // The invitation names the role; in Development (validated at start-up) the first account administers the instance.
        var role = invitation?.Role
            ?? (options.Value.Bootstrap.FirstUserBecomesAdmin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 0 ? Roles.Admin : Roles.User);
        await users.AddToRoleAsync(user, role);
        if (invitation is not null)
        {
            await invitations.CompleteAsync(invitation.Id, user.Id);
        }

        await audit.WriteAsync(AuditActions.Register, AuditOutcomes.Success, target: user.Id, actorId: user.Id,
            detail: invitation is null ? role : $"{role};invitation={invitation.Id}");
        return TypedResults.Created($"/api/v1/admin/users/{user.Id}", new UserResponse(user.Id, user.UserName!, user.Email!, [role]));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, UserManager<BujjiUser> users, LoginTiming timing, [FromServices] BujjiDbContext db, Lockout lockout,
        AccessTokens accessTokens, RefreshTokens refreshTokens, TimeProvider time, AuditLog audit, AuthMetrics metrics, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(request.UserNameOrEmail) ?? await users.FindByEmailAsync(request.UserNameOrEmail);
        if (user is null)
        {
            // Hash anyway, so an unknown name costs what a wrong password costs.
            timing.SpendHashTime(request.Password);
            await audit.WriteAsync(AuditActions.Login, AuditOutcomes.Failure, target: request.UserNameOrEmail, detail: "unknown-user");
            metrics.SignIn(AuthMetrics.Failed);
            return Problems.InvalidCredentials();
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(AuditActions.Login, AuditOutcomes.Denied, target: user.Id, detail: "locked-out");
            metrics.SignIn(AuthMetrics.LockedOut);
            return LockedOut(http, user.LockoutEnd ?? time.GetUtcNow(), time);
        }

        if (!await users.CheckPasswordAsync(user, request.Password))
        {
            var lockedUntil = await lockout.CountFailureAsync(user.Id, cancellationToken);
            await audit.WriteAsync(AuditActions.Login, AuditOutcomes.Failure, target: user.Id, detail: lockedUntil is null ? "bad-password" : "bad-password;locked-out");
            metrics.SignIn(AuthMetrics.Failed);
            if (lockedUntil is not null)
            {
                metrics.Lockout();
            }

            return lockedUntil is { } until ? LockedOut(http, until, time) : Problems.InvalidCredentials();
        }

        if (user.Disabled)
        {
            await audit.WriteAsync(AuditActions.Login, AuditOutcomes.Denied, target: user.Id, detail: "disabled");
            metrics.SignIn(AuthMetrics.Failed);
            return Problems.InvalidCredentials();
        }

        // Bookkeeping without Identity's concurrency stamp, so one account signing in on several devices at
        // once never fails a login on a stamp conflict.
        var now = time.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastLoginAt, now).SetProperty(x => x.AccessFailedCount, 0), cancellationToken);
        await audit.WriteAsync(AuditActions.Login, AuditOutcomes.Success, target: user.Id, actorId: user.Id);
        metrics.SignIn(AuthMetrics.Succeeded);
        var refreshToken = await refreshTokens.IssueAsync(user.Id, SignInClient.From(http), cancellationToken);
        return TypedResults.Ok(await IssueTokensAsync(http, user, users, accessTokens, refreshToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        [FromBody] RefreshRequest? request, HttpContext http, UserManager<BujjiUser> users,
        AccessTokens accessTokens, RefreshTokens refreshTokens, AuditLog audit, CancellationToken cancellationToken)
    {
        var value = request?.RefreshToken;
        if (string.IsNullOrEmpty(value) && http.Request.Cookies.TryGetValue(RefreshCookie, out var cookie))
        {
            if (!http.Request.Headers.ContainsKey(AntiforgeryHeader.Name))
            {
                return Problems.MissingAntiforgeryHeader();
            }

            value = cookie;
        }

        // No token at all is a browser without a session asking whether it has one (the web app does on every first
        // load), not an attempt on anyone's session: nothing to audit.
        if (string.IsNullOrEmpty(value))
        {
            return Problems.InvalidRefreshToken();
        }

        var rotation = await refreshTokens.RotateAsync(value, cancellationToken);
        var user = rotation.Token is null ? null : await users.FindByIdAsync(rotation.UserId!);
        if (rotation.Token is null || user is null || user.Disabled)
        {
            // A reused token is the one failure worth an alarm: someone holds a stolen copy.
            await audit.WriteAsync(AuditActions.Refresh, AuditOutcomes.Failure, target: rotation.UserId, detail: rotation.Failure ?? "disabled");
            ClearRefreshCookie(http);
            return Problems.InvalidRefreshToken();
        }

        return TypedResults.Ok(await IssueTokensAsync(http, user, users, accessTokens, rotation.Token));
    }

    private static async Task<NoContent> LogoutAsync(
        [FromBody] LogoutRequest? request, HttpContext http, ClaimsPrincipal principal, RefreshTokens refreshTokens, AuditLog audit, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(TokenClaims.Subject)!;
        var value = request?.RefreshToken ?? http.Request.Cookies[RefreshCookie];
        if (string.IsNullOrEmpty(value))
        {
            // Nothing says which session: end them all.
            await refreshTokens.RevokeAllAsync(userId, "logout", cancellationToken);
        }
        else
        {
            await refreshTokens.RevokeFamilyOfAsync(value, userId, "logout", cancellationToken);
        }

        await audit.WriteAsync(AuditActions.Logout, AuditOutcomes.Success, target: userId);
        ClearRefreshCookie(http);
        return TypedResults.NoContent();
    }

    // From the identity cache that authentication just read: a hit, not two more queries.
    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, IdentityCache users, CancellationToken cancellationToken)
    {
        var user = await users.UserAsync(principal.FindFirstValue(TokenClaims.Subject)!, cancellationToken);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new MeResponse(user.Id, user.UserName, user.Email, user.Roles, user.Permissions));
    }

    private static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, UserManager<BujjiUser> users, RefreshTokens refreshTokens, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.FindFirstValue(TokenClaims.Subject)!);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }

        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!changed.Succeeded)
        {
            await audit.WriteAsync(AuditActions.ChangePassword, AuditOutcomes.Failure, target: user.Id,
                detail: string.Join(';', changed.Errors.Select(e => e.Code)));
            return TypedResults.ValidationProblem(ErrorsByField(changed.Errors, passwordField: "newPassword"));
        }

        // ChangePasswordAsync renewed the security stamp, so access tokens die too.
        await refreshTokens.RevokeAllAsync(user.Id, "password-changed", cancellationToken);
        await audit.WriteAsync(AuditActions.ChangePassword, AuditOutcomes.Success, target: user.Id);
        return TypedResults.NoContent();
    }

    private static async Task<TokenResponse> IssueTokensAsync(
        HttpContext http, BujjiUser user, UserManager<BujjiUser> users, AccessTokens accessTokens, IssuedRefreshToken refresh)
    {
        var roles = await users.GetRolesAsync(user);
        var (accessToken, expiresIn) = accessTokens.Issue(user, roles, refresh.FamilyId);
        http.Response.Cookies.Append(RefreshCookie, refresh.Value, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath,
            Expires = refresh.ExpiresAt,
        });
        http.Response.Headers.CacheControl = "no-store";
        return new TokenResponse(accessToken, "Bearer", expiresIn, refresh.Value);
    }

    private static void ClearRefreshCookie(HttpContext http) =>
        http.Response.Cookies.Delete(RefreshCookie, new CookieOptions { Path = CookiePath });

    private static ProblemHttpResult LockedOut(HttpContext http, DateTimeOffset until, TimeProvider time)
    {
        var retryAfter = until - time.GetUtcNow();
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.LockedOut(retryAfter);
    }

    private static Dictionary<string, string[]> ErrorsByField(IEnumerable<IdentityError> errors, string passwordField = "password") =>
        errors.GroupBy(error => error.Code switch
            {
                // The one Password* code about the password the user typed to prove who they are, not the one they chose.
                nameof(IdentityErrorDescriber.PasswordMismatch) => "currentPassword",
                var code when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                var code when code.Contains("Email", StringComparison.Ordinal) => "email",
                var code when code.Contains("UserName", StringComparison.Ordinal) => "userName",
                _ => string.Empty,
            })
            .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray());
}

/// <summary>A password hash computed at start-up, verified against when the user name is unknown.</summary>
internal sealed class LoginTiming(IOptions<PasswordHasherOptions> options)
{
    private readonly PasswordHasher<BujjiUser> _hasher = new(options);
    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<BujjiUser>(options).HashPassword(new BujjiUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public void SpendHashTime(string password) => _hasher.VerifyHashedPassword(new BujjiUser(), _hash.Value, password);
}
