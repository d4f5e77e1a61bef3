namespace BujjiCoder.Data.Entities;

/// <summary>
/// A long-lived token for scripts and IDEs (<c>bjc_…</c>), shown once and stored only as a SHA-256 hash.
/// It acts for its user, within its scopes and the user's current roles.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Space-separated scopes: <c>read</c>, <c>write</c>, <c>chat</c>, <c>admin</c>.</summary>
    public required string Scopes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token value.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token (<c>bjc_Ab3x</c>), so people can tell their tokens apart.</summary>
    public required string Hint { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
