namespace BujjiCoder.Data.Entities;

/// <summary>
/// One refresh token, stored only as the SHA-256 of its value. Tokens issued from one login form a family:
/// each use consumes the token and issues its successor; presenting a consumed token means it was stolen
/// (or replayed), and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public Guid FamilyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token value.</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Sliding expiry: each rotation moves it forward, up to <see cref="FamilyExpiresAt"/>.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Absolute expiry of the family, set at login and never extended.</summary>
    public DateTime FamilyExpiresAt { get; set; }

    public DateTime? ConsumedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    /// <summary>The browser or client that signed in (its User-Agent), copied to every successor so the session stays recognisable.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The client address at sign-in, copied to every successor like <see cref="UserAgent"/>.</summary>
    public string? Ip { get; set; }
}
