using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>Where semantic search finds its vectors (<c>Retrieval</c>): the store, and the memory the exact store may keep.</summary>
public sealed class VectorSearchOptions
{
    public const string SectionName = "Retrieval";

    public VectorStoreKind VectorStore { get; set; } = VectorStoreKind.Exact;

    /// <summary>
    /// Decoded vectors kept in process, in megabytes. A 384-dimension chunk takes about 1.6 KB and a generated 10,000-file
    /// workspace has about 195,000 chunks (docs/PERFORMANCE.md, "Semantic retrieval"): some 320 MB. Past the limit the least
    /// used blobs are read again on every query, and a warning says so.
    /// </summary>
    [Range(1, 65536)]
    public int VectorCacheMegabytes { get; set; } = 512;

    /// <summary>The store's name as <c>/api/v1/info</c> and the index state report it.</summary>
    public string StoreName => VectorStore.ToString().ToLowerInvariant();
}

/// <summary>The vector stores this build has (<see cref="IVectorStore"/> implementations).</summary>
public enum VectorStoreKind
{
    /// <summary>In process (<see cref="ExactVectorStore"/>): works on every database, the default.</summary>
    Exact,

    /// <summary>
    /// In PostgreSQL with the pgvector extension (<see cref="PgvectorStore"/>): the vectors stay in the database instead of in
    /// every Api replica's memory. Azure Database for PostgreSQL offers the extension; Debian 12 does not package it.
    /// </summary>
    Pgvector,
}
