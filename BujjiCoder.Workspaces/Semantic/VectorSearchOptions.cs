using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>Where semantic search finds its vectors (<c>Retrieval</c>): the store, and the memory the exact store may keep.</summary>
public sealed class VectorSearchOptions
{
    public const string SectionName = "Retrieval";

    public VectorStoreKind VectorStore { get; set; } = VectorStoreKind.Exact;

    /// <summary>
    /// Decoded vectors kept in process, in megabytes. A 384-dimension chunk takes about 1.6 KB, so the default holds some
    /// 160,000 chunks: a workspace of 10,000 files several times over. Past it the least used blobs are read again.
    /// </summary>
    [Range(1, 65536)]
    public int VectorCacheMegabytes { get; set; } = 256;
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
