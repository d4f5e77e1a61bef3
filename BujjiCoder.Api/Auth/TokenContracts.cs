using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Auth;

/// <summary>A new personal access token: a name, scopes (<c>read</c>, <c>write</c>, <c>chat</c>, <c>admin</c>), expiry up to a year (default 90 days).</summary>
public sealed record CreateTokenRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: Required, MinLength(1), MaxLength(4)] string[] Scopes,
    DateTime? ExpiresAt);

/// <summary>What a token list shows: never the secret, only its first characters.</summary>
internal sealed record TokenInfo(
    Guid Id, string UserId, string Name, string[] Scopes, string Hint, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, bool Revoked);

/// <summary>The only response that ever carries the secret: at creation and at rotation.</summary>
internal sealed record IssuedToken(Guid Id, string Name, string[] Scopes, DateTime ExpiresAt, string Token);
