using System.Runtime.CompilerServices;
using BujjiCoder.Api.Auth;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Workspaces;

/// <summary>
/// The caller's role in a workspace, as the workspace gate asks for it on every request under <c>/workspaces/{ws}</c>: from
/// this process's memory for at most <c>Auth:IdentityCache:Lifetime</c>, so a request behind the gate needs no membership
/// query. It rides on the identity cache's invalidation rather than a channel of its own: each entry's key carries the
/// user's identity generation, and every membership change (<see cref="ChangedAsync"/>) is an identity change of that user,
/// pushed to every replica at once through Redis. A message missed (Redis down) leaves the lifetime as the bound.
/// </summary>
internal sealed class WorkspaceMemberships(
    HybridCache cache, IdentityCacheGenerations generations, IdentityCacheInvalidation invalidation, IServiceScopeFactory scopes,
    IOptions<AuthOptions> options)
{
    // Compiled once per model: a compiled query refuses a model other than its first, and a process may hold two (the
    // PostgreSQL and SQLite contexts, as the tests do).
    private static readonly ConditionalWeakTable<IModel, Func<BujjiDbContext, Guid, string, CancellationToken, Task<WorkspaceRole?>>> RoleOf = [];

    private readonly HybridCacheEntryOptions _entry = options.Value.IdentityCache.EntryOptions();

    private TimeSpan Lifetime => options.Value.IdentityCache.Lifetime;

    /// <summary>The user's role in the workspace; null when they are not a member (or there is no such workspace).</summary>
    public ValueTask<WorkspaceRole?> RoleAsync(string userId, Guid workspaceId, CancellationToken cancellationToken) =>
        Lifetime <= TimeSpan.Zero
            ? new(LoadAsync(userId, workspaceId, cancellationToken))
            : cache.GetOrCreateAsync(
                $"{generations.UserKey(userId)}:workspace:{workspaceId:N}", (Memberships: this, UserId: userId, WorkspaceId: workspaceId),
                static (state, token) => new ValueTask<WorkspaceRole?>(state.Memberships.LoadAsync(state.UserId, state.WorkspaceId, token)),
                _entry,
                cancellationToken: cancellationToken);

    /// <summary>Call after a change to these users' memberships is saved (added, role changed, removed, workspace deleted).</summary>
    public async Task ChangedAsync(IEnumerable<string> userIds)
    {
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            await invalidation.UserChangedAsync(userId);
        }
    }

    // A scope of its own: one load answers every request waiting for the key, so it must not use (and outlive) one
    // request's DbContext.
    private async Task<WorkspaceRole?> LoadAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var query = RoleOf.GetValue(db.Model, static _ => EF.CompileAsyncQuery((BujjiDbContext db, Guid workspaceId, string userId, CancellationToken _) =>
            db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId)
                .Select(m => (WorkspaceRole?)m.Role)
                .SingleOrDefault()));
        return await query(db, workspaceId, userId, cancellationToken);
    }
}
