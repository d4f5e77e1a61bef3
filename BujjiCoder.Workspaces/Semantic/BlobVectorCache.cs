using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Decoded vectors of blobs, by blob hash and model, bounded by <see cref="VectorSearchOptions.VectorCacheMegabytes"/>. A blob
/// never changes and a model change changes the key, so an entry is never stale: nothing is invalidated, entries only
/// leave when the cache is full. A cache of its own rather than the shared IMemoryCache, whose size limit (if any) is
/// someone else's unit.
/// </summary>
public sealed class BlobVectorCache : IDisposable
{
    private readonly MemoryCache cache;
    private readonly ConcurrentDictionary<Guid, byte> warned = new();

    public BlobVectorCache(IOptions<VectorSearchOptions> options)
    {
        Capacity = options.Value.VectorCacheMegabytes * 1024L * 1024L;
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity });
    }

    /// <summary>Bytes the cache may hold (<see cref="BlobVectors.Size"/> summed).</summary>
    public long Capacity { get; }

    /// <summary>
    /// Held while vectors are read from the database into the cache: queries arriving cold together (after a deploy, on a
    /// large workspace) would otherwise each read and decode the same vectors at once. The second finds them cached.
    /// </summary>
    public SemaphoreSlim Loading { get; } = new(1, 1);

    /// <summary>True the first time a workspace is found too large for the cache: its warning is logged once per process.</summary>
    public bool FirstWarningFor(Guid workspaceId) => warned.TryAdd(workspaceId, 0);

    public bool TryGet(string blobHash, string model, out BlobVectors vectors) =>
        cache.TryGetValue((blobHash, model), out vectors!);

    public void Set(string blobHash, string model, BlobVectors vectors) =>
        cache.Set((blobHash, model), vectors, new MemoryCacheEntryOptions { Size = vectors.Size });

    public void Dispose()
    {
        cache.Dispose();
        Loading.Dispose();
    }
}
