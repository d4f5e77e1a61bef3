using System.Collections.Concurrent;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>
/// When this process last wrote each token's last-used time. A cached token still shows the time it was loaded with, so
/// without this every request would write it again until the entry expired.
/// </summary>
internal sealed class PersonalAccessTokenLastUse
{
    private readonly ConcurrentDictionary<Guid, DateTime> _written = new();

    /// <summary>Whether the token's last use must be written now, given what was stored and what this process wrote.</summary>
    public bool ShouldWrite(Guid tokenId, DateTime? stored, DateTime now, TimeSpan resolution)
    {
        var known = _written.TryGetValue(tokenId, out var written) && (stored is null || written > stored) ? written : stored;
        if (known is not null && now - known <= resolution)
        {
            return false;
        }

        _written[tokenId] = now;
        return true;
    }
}
