namespace BujjiCoder.Data.Entities;

/// <summary>A single-use invitation code (stored as a SHA-256 hash) that lets one person register in <c>Invite</c> mode.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    public required string CodeHash { get; set; }

    /// <summary>When set, only this e-mail address may use the code.</summary>
    public string? Email { get; set; }

    /// <summary>The role the new account gets.</summary>
    public required string Role { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }

    public string? UsedBy { get; set; }

    public DateTime? RevokedAt { get; set; }
}
