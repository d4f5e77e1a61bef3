namespace BujjiCoder.Api.Auth;

/// <summary>
/// A signed-in session (a refresh-token family): where it signed in from, when, when it last refreshed, and whether it is
/// the session the caller is using.
/// </summary>
internal sealed record SessionResponse(Guid Id, string? UserAgent, string? Ip, DateTime CreatedAt, DateTime LastUsedAt, bool Current);
