using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Http;

/// <summary>The problem types this Api answers with: one stable <c>type</c> URI per kind of error.</summary>
internal static class Problems
{
    public const string TypeBase = "https://bujjicoder.dev/problems/";

    public static ProblemHttpResult InvalidCredentials() =>
        Create(StatusCodes.Status401Unauthorized, "invalid-credentials", "Invalid credentials", "The user name, e-mail or password is not right.");

    public static ProblemHttpResult InvalidRefreshToken() =>
        Create(StatusCodes.Status401Unauthorized, "invalid-refresh-token", "Invalid refresh token", "The refresh token is unknown, expired, revoked or already used. Sign in again.");

    public static ProblemHttpResult LockedOut(TimeSpan retryAfter) =>
        Create(StatusCodes.Status423Locked, "locked-out", "Account locked", $"Too many failed sign-ins. Try again in {Math.Ceiling(retryAfter.TotalMinutes)} minute(s).");

    public static ProblemHttpResult RegistrationClosed(string detail) =>
        Create(StatusCodes.Status403Forbidden, "registration-closed", "Registration is not open", detail);

    public static ProblemHttpResult Conflict(string slug, string title, string detail) =>
        Create(StatusCodes.Status409Conflict, slug, title, detail);

    public static ProblemHttpResult MissingAntiforgeryHeader() =>
        Create(StatusCodes.Status400BadRequest, "antiforgery-header-required", "Anti-forgery header required",
            $"Requests that use the refresh cookie must send the {AntiforgeryHeader.Name} header.");

    public static ProblemHttpResult Create(int status, string slug, string title, string detail) =>
        TypedResults.Problem(statusCode: status, type: TypeBase + slug, title: title, detail: detail);
}
