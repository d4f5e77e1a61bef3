using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace BujjiCoder.Worker.Backups;

/// <summary>Every table of a SQLite file, counted and checksummed by reading each row's values.</summary>
internal static class SqliteTables
{
    // Virtual tables (the FTS5 index) are left out: their rows live in shadow tables, which are ordinary tables and counted.
    private const string ListTables =
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name";

    /// <summary>
    /// Each table's rows and checksum: every row's values hashed (SHA-256 of each value's storage class and bytes) and the
    /// hashes summed lane by lane, so the checksum is order-independent, counts a duplicate row twice, and needs no memory per row.
    /// </summary>
    public static async Task<IReadOnlyList<TableSnapshot>> SnapshotAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using (var list = new SqliteCommand(ListTables, connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var snapshots = new List<TableSnapshot>(names.Count);
        foreach (var name in names)
        {
            snapshots.Add(await SnapshotTableAsync(connection, name, cancellationToken));
        }

        return snapshots;
    }

    public static async Task<long> CountAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand($"SELECT count(*) FROM ({ListTables})", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<TableSnapshot> SnapshotTableAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        var sum = new ulong[4];
        var digest = new byte[32];
        var header = new byte[9];
        using var row = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        await using var command = new SqliteCommand($"SELECT * FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // A type tag and a length before each value, so (1, "23") and (12, "3") hash differently.
                var (storageClass, bytes) = reader.GetValue(i) switch
                {
                    DBNull => (0, Array.Empty<byte>()),
                    long integer => (1, BitConverter.GetBytes(integer)),
                    double real => (2, BitConverter.GetBytes(real)),
                    string text => (3, System.Text.Encoding.UTF8.GetBytes(text)),
                    byte[] blob => (4, blob),
                    var other => throw new InvalidOperationException($"Unexpected SQLite value {other.GetType()} in {name}."),
                };
                header[0] = (byte)storageClass;
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(1), bytes.Length);
                row.AppendData(header);
                row.AppendData(bytes);
            }

            row.GetHashAndReset(digest);
            for (var lane = 0; lane < 4; lane++)
            {
                sum[lane] = unchecked(sum[lane] + BinaryPrimitives.ReadUInt64LittleEndian(digest.AsSpan(lane * 8)));
            }

            rows++;
        }

        var checksum = new byte[32];
        for (var lane = 0; lane < 4; lane++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(checksum.AsSpan(lane * 8), sum[lane]);
        }

        return new TableSnapshot(name, rows, Convert.ToHexStringLower(checksum));
    }
}
