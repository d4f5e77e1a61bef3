namespace BujjiCoder.Data.Entities;

/// <summary>
/// One security-relevant event: who did what to which target, from where, and whether it worked.
/// Never holds a password or a token.
/// </summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>The signed-in user, or null for anonymous attempts (failed logins, registrations).</summary>
    public string? ActorId { get; set; }

    /// <summary>e.g. <c>auth.login</c>, <c>admin.user.update</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What the action was about: a user id, a user name tried at login, a token family.</summary>
    public string? Target { get; set; }

    public string? Ip { get; set; }

    public string? UserAgent { get; set; }

    /// <summary><c>success</c>, <c>failure</c> or <c>denied</c>.</summary>
    public required string Outcome { get; set; }

    /// <summary>A short machine-readable reason, e.g. <c>locked-out</c>, <c>reuse</c>.</summary>
    public string? Detail { get; set; }
}
