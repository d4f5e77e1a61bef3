using System.ComponentModel;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>What authentication and <c>/auth/me</c> need of an account; roles and their permissions in ordinal order.</summary>
[ImmutableObject(true)]
internal sealed record CachedUser(string Id, string UserName, string Email, string SecurityStamp, bool Disabled, string[] Roles, string[] Permissions);

/// <summary>A personal access token as stored, without its hash; expiry and revocation are checked on every use.</summary>
[ImmutableObject(true)]
internal sealed record CachedPersonalAccessToken(Guid Id, string UserId, string Scopes, DateTime ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>
/// Accounts by id and personal access tokens by hash, in this process's memory for at most
/// <see cref="IdentityCacheOptions.Lifetime"/>, so an authenticated request needs no database round trip. Every change
/// that matters (security stamp, disabled, roles, deletion: all of them go through <see cref="BujjiUserManager"/>; token
/// revocation and rotation through <see cref="PersonalAccessTokens"/>) invalidates the entry on every replica through
/// <see cref="IdentityCacheInvalidation"/>. A change written around those two (SQL, ExecuteUpdate on the Users table)
/// must call <see cref="IdentityCacheInvalidation"/> itself.
/// </summary>
/// <remarks>
/// Only local memory (HybridCache without its Redis level): an entry in Redis would be one more copy to invalidate, and
/// the point is to spare the round trip. HybridCache runs one load per key however many requests ask at once.
/// </remarks>
internal sealed class IdentityCache(HybridCache cache, IdentityCacheGenerations generations, IServiceScopeFactory scopes, IOptions<AuthOptions> options)
{
    // Compiled once per instance, not statically: a compiled query serves one model, and one process may host Api
    // instances on different databases (PostgreSQL, SQLite), as the tests do.
    private readonly Func<BujjiDbContext, string, CancellationToken, Task<CachedUser?>> _userById =
        EF.CompileAsyncQuery((BujjiDbContext db, string id, CancellationToken _) => db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new CachedUser(u.Id, u.UserName ?? string.Empty, u.Email ?? string.Empty, u.SecurityStamp ?? string.Empty, u.Disabled, Array.Empty<string>(), Array.Empty<string>()))
            .SingleOrDefault());

    private readonly Func<BujjiDbContext, string, IAsyncEnumerable<string?>> _rolesOf =
        EF.CompileAsyncQuery((BujjiDbContext db, string id) =>
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == id
            select role.Name);

    private readonly Func<BujjiDbContext, string, CancellationToken, Task<CachedPersonalAccessToken?>> _tokenByHash =
        EF.CompileAsyncQuery((BujjiDbContext db, string hash, CancellationToken _) => db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new CachedPersonalAccessToken(t.Id, t.UserId, t.Scopes, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
            .SingleOrDefault());

    private readonly HybridCacheEntryOptions _entry = options.Value.IdentityCache.EntryOptions();

    private TimeSpan Lifetime => options.Value.IdentityCache.Lifetime;

    /// <summary>The account with this id, or null when there is none (ids are never reused, so "none" may be cached too).</summary>
    public ValueTask<CachedUser?> UserAsync(string userId, CancellationToken cancellationToken) =>
        Lifetime <= TimeSpan.Zero
            ? new(LoadUserAsync(userId, cancellationToken))
            : cache.GetOrCreateAsync(generations.UserKey(userId), (Cache: this, UserId: userId),
                static (state, token) => new ValueTask<CachedUser?>(state.Cache.LoadUserAsync(state.UserId, token)), _entry, cancellationToken: cancellationToken);

    /// <summary>The token with this value, live or not (the caller checks); null when there is none.</summary>
    public async ValueTask<CachedPersonalAccessToken?> PersonalAccessTokenAsync(string value, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(value);
        if (Lifetime <= TimeSpan.Zero)
        {
            return await LoadTokenAsync(hash, cancellationToken);
        }

        var key = generations.TokenKey(hash);
        var found = await cache.GetOrCreateAsync(key, (Cache: this, Hash: hash),
            static (state, token) => new ValueTask<CachedPersonalAccessToken?>(state.Cache.LoadTokenAsync(state.Hash, token)), _entry, cancellationToken: cancellationToken);
        if (found is null)
        {
            // Only tokens that exist are kept: anyone can send made-up ones (authentication runs before the rate limiter),
            // and remembering each for the lifetime would let them grow this replica's memory without bound.
            await cache.RemoveAsync(key, CancellationToken.None);
        }

        return found;
    }

    // A scope of its own: the load is shared by every request waiting for the key, so it must not use (and outlive) one
    // request's DbContext.
    private async Task<CachedUser?> LoadUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        if (await _userById(db, userId, cancellationToken) is not { } user)
        {
            return null;
        }

        var roles = new List<string>();
        await foreach (var role in _rolesOf(db, userId).WithCancellation(cancellationToken))
        {
            if (role is not null)
            {
                roles.Add(role);
            }
        }

        string[] ordered = [.. roles.Order(StringComparer.Ordinal)];
        return user with { Roles = ordered, Permissions = Auth.Permissions.For(ordered) };
    }

    private async Task<CachedPersonalAccessToken?> LoadTokenAsync(string hash, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await _tokenByHash(scope.ServiceProvider.GetRequiredService<BujjiDbContext>(), hash, cancellationToken);
    }
}
