using BujjiCoder.Data;
using BujjiCoder.Workspaces.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BujjiCoder.Workspaces.Files;

/// <summary>
/// New content a change stores on PostgreSQL, written in batches inside the change's transaction: one INSERT of
/// many rows for the blobs and one binary COPY for their symbols. A blob at a time cost a round trip per file and
/// an EF-tracked row per symbol (an import of 10,000 files made ~525,000 of them), which is where a large import's
/// time went. The rules are those of a single INSERT: ON CONFLICT DO NOTHING makes two transactions storing the same
/// content both succeed, only the one that inserted a blob writes its symbols, and a blob that already existed is
/// locked FOR KEY SHARE (as a foreign key check would) so the Worker's blob collector cannot delete it before this
/// change commits; if it already has, the blob is inserted again.
/// </summary>
internal sealed class PostgresBlobBatch(BujjiDbContext db)
{
    /// <summary>Written once this much content is waiting, so a batch's memory stays bounded whatever the files' sizes.</summary>
    private const long MaxPendingBytes = 16 * 1024 * 1024;

    private readonly Dictionary<string, (FileContent Content, string? Language)> pending = new(StringComparer.Ordinal);
    private long pendingBytes;

    public bool IsFull => pendingBytes >= MaxPendingBytes;

    public bool Contains(string hash) => pending.ContainsKey(hash);

    public void Add(FileContent content, string path)
    {
        if (pending.TryAdd(content.Hash, (content, Languages.FromPath(path))))
        {
            pendingBytes += content.Size;
        }
    }

    /// <summary>Stores every pending blob (and the symbols of those this change inserted); the transaction stays open.</summary>
    public async Task WriteAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        while (pending.Count > 0)
        {
            var inserted = await InsertAsync(connection, transaction, now, cancellationToken);
            await CopySymbolsAsync(connection, inserted, cancellationToken);
            foreach (var hash in inserted)
            {
                pending.Remove(hash);
            }

            // The rest existed: lock them; any the collector deleted meanwhile are inserted on the next round.
            foreach (var hash in await LockExistingAsync(connection, transaction, cancellationToken))
            {
                pending.Remove(hash);
            }
        }

        pendingBytes = 0;
    }

    private async Task<List<string>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTime now, CancellationToken cancellationToken)
    {
        var blobs = pending.Values.Select(p => p.Content).ToList();
        // Inserted (and below, locked) in hash order: two imports sharing content then wait for each other on the same
        // first row instead of each holding a row the other needs (a deadlock, which would re-run a whole import).
        await using var command = new NpgsqlCommand("""
            INSERT INTO file_blobs ("Hash", "Size", "Text", "Data", "CreatedAt")
            SELECT blob.hash, blob.size, blob.text, blob.data, @now
            FROM unnest(@hashes, @sizes, @texts, @data) AS blob(hash, size, text, data)
            ORDER BY blob.hash
            ON CONFLICT ("Hash") DO NOTHING
            RETURNING "Hash"
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. blobs.Select(b => b.Hash)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. blobs.Select(b => b.Size)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("texts", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. blobs.Select(b => b.Text)] });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]>("data", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. blobs.Select(b => b.IsBinary ? b.Bytes : null)] });
        return await ReadHashesAsync(command, cancellationToken);
    }

    private async Task CopySymbolsAsync(NpgsqlConnection connection, List<string> inserted, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY blob_symbols ("BlobHash", "Name", "Kind", "Line") FROM STDIN (FORMAT BINARY)""", cancellationToken);
        foreach (var hash in inserted)
        {
            var (content, language) = pending[hash];
            if (content.Text is null)
            {
                continue;
            }

            foreach (var symbol in SymbolExtractor.Extract(language, content.Text))
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(hash, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(symbol.Name.Length > 256 ? symbol.Name[..256] : symbol.Name, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(symbol.Kind.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(symbol.Line, NpgsqlDbType.Integer, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private async Task<List<string>> LockExistingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand("""SELECT "Hash" FROM file_blobs WHERE "Hash" = ANY(@hashes) ORDER BY "Hash" FOR KEY SHARE""", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. pending.Keys] });
        return await ReadHashesAsync(command, cancellationToken);
    }

    private static async Task<List<string>> ReadHashesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var hashes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes.Add(reader.GetString(0));
        }

        return hashes;
    }
}
