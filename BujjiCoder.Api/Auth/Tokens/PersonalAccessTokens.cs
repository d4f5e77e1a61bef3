using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>
/// Creating, finding, rotating and revoking personal access tokens (<c>bjc_</c> + 256 random bits). Finding goes through
/// the <see cref="IdentityCache"/>; rotating and revoking invalidate it on every replica.
/// </summary>
internal sealed class PersonalAccessTokens(
    BujjiDbContext db, TimeProvider time, IdentityCache cache, IdentityCacheInvalidation invalidation, PersonalAccessTokenLastUse lastUse)
{
    public const string Prefix = "bjc_";

    /// <summary>Last-used times are written at most this often per token, not on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<(PersonalAccessToken Token, string Value)> CreateAsync(string userId, string name, IEnumerable<string> scopes, DateTime expiresAt)
    {
        var value = OpaqueTokens.New(Prefix);
        var token = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Scopes = string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal)),
            TokenHash = OpaqueTokens.Hash(value),
            Hint = value[..8],
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        return (token, value);
    }

    /// <summary>The live token with this value (not revoked, not expired), noting that it was used.</summary>
    public async Task<CachedPersonalAccessToken?> UseAsync(string value, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = await cache.PersonalAccessTokenAsync(value, cancellationToken);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        if (lastUse.ShouldWrite(token.Id, token.LastUsedAt, now, LastUsedResolution))
        {
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, now), cancellationToken);
        }

        return token;
    }

    /// <summary>Replaces the token's secret: same name, scopes and expiry; the old value stops working at once.</summary>
    public async Task<string?> RotateAsync(PersonalAccessToken token)
    {
        var value = OpaqueTokens.New(Prefix);
        var rotated = await db.PersonalAccessTokens
            .Where(t => t.Id == token.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.TokenHash, OpaqueTokens.Hash(value)).SetProperty(x => x.Hint, value[..8]));
        await invalidation.TokensChangedAsync();
        return rotated == 1 ? value : null;
    }

    public async Task<int> RevokeAsync(Guid id)
    {
        var revoked = await db.PersonalAccessTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, time.GetUtcNow().UtcDateTime));
        await invalidation.TokensChangedAsync();
        return revoked;
    }
}
