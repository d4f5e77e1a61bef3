using System.Data.Common;
using System.Globalization;
using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// PostgreSQL session advisory locks on the blobs one indexer pass is about to embed, so indexers working at once (Worker
/// replicas) split the pending blobs instead of all embedding the same ones. Session locks,
/// not transaction ones: a pass embeds for seconds outside any transaction and stores each blob in a transaction of its
/// own, so the context's connection is opened here and kept open until disposal, which unlocks what was locked.
/// </summary>
internal sealed class PendingBlobLocks : IAsyncDisposable
{
    /// <summary>
    /// The first of the two keys of every lock taken here: "semantic index", so these locks cannot meet the application's
    /// other advisory locks (those take one bigint key, which PostgreSQL keeps apart from two-int4 keys anyway).
    /// </summary>
    internal const int SemanticIndex = 0x626A_7369;

    private readonly BujjiDbContext _db;
    private readonly HashSet<int> _held = [];

    private PendingBlobLocks(BujjiDbContext db) => _db = db;

    public static async Task<PendingBlobLocks> OpenAsync(BujjiDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new PendingBlobLocks(db);
    }

    /// <summary>
    /// True when this pass may embed the blob: its lock was free and is now held here, or is held here already. False when
    /// another indexer holds it; that blob stays pending for the other one (or for a later pass, should the other fail).
    /// </summary>
    public async Task<bool> TryLockAsync(string hash, CancellationToken cancellationToken)
    {
        var key = KeyOf(hash);
        if (_held.Contains(key))
        {
            return true;
        }

        var locked = await _db.Database.SqlQuery<bool>($"""SELECT pg_try_advisory_lock({SemanticIndex}, {key}) AS "Value" """)
            .SingleAsync(cancellationToken);
        if (locked)
        {
            _held.Add(key);
        }

        return locked;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Every lock of the session, not those in _held: a pass cancelled between the server granting a lock and its
            // key being recorded would leak that one. The connection is this pass's alone. Not the caller's token: a
            // cancelled pass must still let go of its blobs, or another indexer would wait for this connection to be reused
            // (its pool's reset, DISCARD ALL, releases them too) or closed.
            await _db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock_all()", CancellationToken.None);
        }
        catch (DbException)
        {
            // The connection failed: its session is over on the server, and its locks went with it.
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The blob hash's first 32 bits (it is a hex SHA-256). Two blobs can share a key: then whichever indexer holds it embeds
    /// both if both are among its candidates, and another indexer only defers its blob to a later pass, never loses it.
    /// </summary>
    private static int KeyOf(string hash) =>
        hash.Length >= 8 && int.TryParse(hash.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new ArgumentException($"A blob hash is a hex SHA-256, not '{hash}'.", nameof(hash));
}
