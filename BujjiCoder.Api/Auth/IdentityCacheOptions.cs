using Microsoft.Extensions.Caching.Hybrid;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Settings of <c>Auth:IdentityCache</c>: how long an Api process may answer "who is this, and may they still act?"
/// from memory instead of the database (see <see cref="IdentityCache"/>).
/// </summary>
internal sealed class IdentityCacheOptions
{
    /// <summary>The most that <see cref="Lifetime"/> may be: the worst-case revocation delay when Redis is down.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a cached account (security stamp, disabled, roles) or personal access token is trusted. Every change is
    /// also pushed to every Api process through Redis at once; this lifetime is the bound when such a message is missed
    /// (Redis down or unreachable). <c>00:00:00</c> turns the cache off: every request reads the database.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How every identity-derived entry lives: <see cref="Lifetime"/>, in this process's memory only (a copy in Redis would
    /// be one more to invalidate, and sparing the round trip is the point). Built once by each cache, not per request.
    /// </summary>
    public HybridCacheEntryOptions EntryOptions() => new()
    {
        Expiration = Lifetime,
        LocalCacheExpiration = Lifetime,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };
}
