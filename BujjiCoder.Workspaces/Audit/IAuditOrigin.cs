namespace BujjiCoder.Workspaces.Audit;

/// <summary>
/// Where an audit event comes from when it is written on someone's behalf: the Api gives the caller and their
/// request; a Worker, acting for a user who is not connected, has none and leaves it unregistered.
/// </summary>
public interface IAuditOrigin
{
    string? ActorId { get; }

    string? Ip { get; }

    string? UserAgent { get; }
}
