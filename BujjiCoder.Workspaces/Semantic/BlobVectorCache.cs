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

    public BlobVectorCache(IOptions<VectorSearchOptions> options) =>
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.VectorCacheMegabytes * 1024L * 1024L });

    public bool TryGet(string blobHash, string model, out BlobVectors vectors) =>
        cache.TryGetValue((blobHash, model), out vectors!);

    public void Set(string blobHash, string model, BlobVectors vectors) =>
        cache.Set((blobHash, model), vectors, new MemoryCacheEntryOptions { Size = vectors.Size });

    public void Dispose() => cache.Dispose();
}
