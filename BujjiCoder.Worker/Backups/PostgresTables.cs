using Npgsql;

namespace BujjiCoder.Worker.Backups;

/// <summary>Every table of a PostgreSQL database, counted and checksummed on one connection (and so in its transaction's snapshot).</summary>
internal static class PostgresTables
{
    // A row's text depends on session settings (time zone, float digits, bytea and interval output); fixing them makes the
    // same rows checksum the same on any server and in any session. SET LOCAL: the dump's transaction is otherwise untouched.
    private const string CanonicalSettings =
        "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; "
        + "SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'";

    // Ordinary tables (partitions included, partitioned parents not, so no row counts twice) outside the system schemas.
    private const string ListTables =
        """
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY n.nspname, c.relname
        """;

    /// <summary>
    /// Each table's row count and checksum: the md5 of each row's text, split into two 64-bit numbers summed over the table.
    /// A sum is order-independent (a restore returns rows in any order) yet counts a duplicated row twice, and needs no sort
    /// of a gigabyte table's hashes.
    /// </summary>
    public static async Task<IReadOnlyList<TableSnapshot>> SnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Schema, string Name)>();
        await using (var list = new NpgsqlCommand(ListTables, connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var snapshots = new List<TableSnapshot>(tables.Count);
        foreach (var (schema, name) in tables)
        {
            var sql =
                $"""
                SELECT count(*), md5(coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text || ':'
                                    || coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text)
                FROM (SELECT md5(ROW(r.*)::text) AS h FROM ONLY {Quote(schema)}.{Quote(name)} AS r) AS rows
                """;
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            snapshots.Add(new TableSnapshot(schema == "public" ? name : $"{schema}.{name}", reader.GetInt64(0), reader.GetString(1)));
        }

        return snapshots;
    }

    /// <summary>Within a transaction: makes its row texts canonical for <see cref="SnapshotAsync"/>.</summary>
    public static async Task UseCanonicalSettingsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CanonicalSettings, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM ({ListTables}) AS tables", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
