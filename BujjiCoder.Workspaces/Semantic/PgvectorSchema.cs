using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// What <see cref="PgvectorStore"/> needs in the database, made at start when <c>Retrieval:VectorStore</c> is
/// <c>Pgvector</c>: the extension, and <c>code_chunks.embedding</c>, a pgvector copy of the stored bytes that PostgreSQL
/// computes itself. (On SQLite the setting is refused before this runs: <see cref="VectorStoreValidation"/>.)
/// </summary>
/// <remarks>
/// Not a migration: the migrations must run on servers without pgvector (Debian's, SQLite), so the column exists only
/// where the store is chosen. A generated column rather than a second write in the indexer: every chunk, whoever wrote it
/// and whenever, has its copy, and adding the column fills it for the chunks already there (a one-off rewrite of the
/// table under its lock: roughly half a millisecond per chunk). Replicas starting together take an advisory lock, so the
/// DDL runs once.
/// </remarks>
public sealed class PgvectorSchema(IServiceScopeFactory scopes) : IHostedService
{
    /// <summary>An arbitrary key for pg_advisory_xact_lock, held only while the schema is checked.</summary>
    private const long LockKey = 0x6275_6a6a_6976_6563;

    // The stored bytes are little-endian IEEE 754 float32 (VectorCodec); PostgreSQL has no cast from bytes to real, so
    // each 4-byte word is assembled into its bits and decoded by hand (normal and subnormal values; the model yields no
    // infinities or NaNs).
    private const string Sql = """
        SELECT pg_advisory_xact_lock(@lock);
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE OR REPLACE FUNCTION bujji_float32le_vector(stored bytea) RETURNS vector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT array_agg(
              CASE WHEN ((bits >> 23) & 255) = 0 THEN (bits & 8388607) * 2.0 ^ -149
                   ELSE (1 + (bits & 8388607) / 8388608.0) * 2.0 ^ (((bits >> 23) & 255) - 127) END
              * CASE WHEN bits >> 31 = 1 THEN -1 ELSE 1 END
              ORDER BY i)::real[]::vector
          FROM (SELECT i, get_byte(stored, i)::bigint | (get_byte(stored, i + 1)::bigint << 8)
                          | (get_byte(stored, i + 2)::bigint << 16) | (get_byte(stored, i + 3)::bigint << 24) AS bits
                FROM generate_series(0, length(stored) - 4, 4) AS i) AS words
        $$;
        ALTER TABLE code_chunks ADD COLUMN IF NOT EXISTS embedding vector GENERATED ALWAYS AS (bujji_float32le_vector("Vector")) STORED;
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Sql, [new Npgsql.NpgsqlParameter("lock", LockKey)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
