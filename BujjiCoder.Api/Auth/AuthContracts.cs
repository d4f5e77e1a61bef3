using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Auth.Passwords;
using BujjiCoder.Api.Http;

namespace BujjiCoder.Api.Auth;

// Request records are public: the minimal-API validation source generator only sees public types.

/// <summary>
/// Only these three fields are read: a body that also says <c>roles</c> or <c>disabled</c> changes nothing
/// (no mass assignment).
/// </summary>
public sealed record RegisterRequest(
    [property: Required, StringLength(64, MinimumLength = 3), RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "User names use letters, digits, '.', '_' and '-', and start with a letter or digit.")]
    string UserName,
    [property: Required, StringLength(254), EmailAddress, SingleLineText]
    string Email,
    [property: Required, StringLength(NistPasswordValidator.MaximumLength)]
    string Password,
    [property: StringLength(100), SingleLineText]
    string? InvitationCode = null);

internal sealed record UserResponse(string Id, string UserName, string Email, string[] Roles);

public sealed record LoginRequest(
    [property: Required, StringLength(254), SingleLineText] string UserNameOrEmail,
    [property: Required, StringLength(NistPasswordValidator.MaximumLength)] string Password);

internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public sealed record RefreshRequest([property: StringLength(2048), SingleLineText] string? RefreshToken);

public sealed record LogoutRequest([property: StringLength(2048), SingleLineText] string? RefreshToken);

internal sealed record MeResponse(string Id, string UserName, string Email, string[] Roles, string[] Permissions);

public sealed record ChangePasswordRequest(
    [property: Required, StringLength(NistPasswordValidator.MaximumLength)] string CurrentPassword,
    [property: Required, StringLength(NistPasswordValidator.MaximumLength)] string NewPassword);
