using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;

namespace BujjiCoder.Api.Auth;

/// <summary>A new personal access token: a name, scopes (<c>read</c>, <c>write</c>, <c>chat</c>, <c>admin</c>), expiry up to a year (default 90 days).</summary>
public sealed record CreateTokenRequest(
    [property: Required, StringLength(100, MinimumLength = 1), SingleLineText] string Name,
    [property: Required, MinLength(1), MaxLength(4)] string[] Scopes,
    DateTime? ExpiresAt) : IValidatableObject
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(365);

    /// <summary>When the token expires: as asked, or in 90 days, in whole seconds so that every database stores exactly what the client is told.</summary>
    public DateTime ExpiresAtFrom(DateTime now)
    {
        var value = ExpiresAt?.ToUniversalTime() ?? now + DefaultLifetime;
        return new DateTime(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Scopes.Any(scope => scope is null || !Permissions.ByScope.ContainsKey(scope)))
        {
            yield return new ValidationResult($"Scopes must be among: {string.Join(", ", Permissions.ByScope.Keys)}.", [nameof(Scopes)]);
        }

        var now = ((TimeProvider?)validationContext.GetService(typeof(TimeProvider)) ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var expiresAt = ExpiresAtFrom(now);
        if (expiresAt <= now || expiresAt > now + MaximumLifetime)
        {
            yield return new ValidationResult("Tokens expire in the future and within one year.", [nameof(ExpiresAt)]);
        }
    }
}

/// <summary>What a token list shows: never the secret, only its first characters.</summary>
internal sealed record TokenInfo(
    Guid Id, string UserId, string Name, string[] Scopes, string Hint, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, bool Revoked);

/// <summary>The only response that ever carries the secret: at creation and at rotation.</summary>
internal sealed record IssuedToken(Guid Id, string Name, string[] Scopes, DateTime ExpiresAt, string Token);
