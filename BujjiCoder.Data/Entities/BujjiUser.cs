using Microsoft.AspNetCore.Identity;

namespace BujjiCoder.Data.Entities;

/// <summary>An account. Identity holds name, e-mail, password hash, lockout and security stamp; this adds what Bujji Coder needs.</summary>
public sealed class BujjiUser : IdentityUser
{
    /// <summary>A disabled account cannot sign in, and its live tokens stop working on their next request.</summary>
    public bool Disabled { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastLoginAt { get; set; }

    /// <summary>The Entra ID object id of an account provisioned by its first Entra ID sign-in.</summary>
    public string? EntraObjectId { get; set; }
}
