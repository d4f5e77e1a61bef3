using System.Collections.Concurrent;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// This process's generations of cached identity entries. An invalidation bumps a generation, and the generation is part of
/// every cache key, so a look-up that was already loading the old row when the change arrived stores its answer under a key
/// nobody asks for again: removing the entry instead would let that late answer bring the revoked state back.
/// </summary>
internal sealed class IdentityCacheGenerations
{
    private readonly ConcurrentDictionary<string, long> _users = new(StringComparer.Ordinal);
    private long _epoch;
    private long _tokens;

    public string UserKey(string userId) =>
        $"bujji:identity:user:{Volatile.Read(ref _epoch)}:{_users.GetValueOrDefault(userId)}:{userId}";

    public string TokenKey(string tokenHash) =>
        $"bujji:identity:pat:{Volatile.Read(ref _epoch)}:{Volatile.Read(ref _tokens)}:{tokenHash}";

    public void UserChanged(string userId) => _users.AddOrUpdate(userId, 1, (_, generation) => generation + 1);

    /// <summary>Any personal access token changed: revocations are rare, so all tokens are read again rather than tracked by id.</summary>
    public void TokensChanged() => Interlocked.Increment(ref _tokens);

    /// <summary>Everything is read again: after a gap in which invalidation messages may have been missed.</summary>
    public void ForgetAll() => Interlocked.Increment(ref _epoch);
}
