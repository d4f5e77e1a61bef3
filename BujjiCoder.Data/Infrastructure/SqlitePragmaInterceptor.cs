using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BujjiCoder.Data.Infrastructure;

/// <summary>
/// Sets the pragmas that make SQLite safe for a web server on every connection EF Core opens:
/// WAL so readers never block the writer, a busy timeout so concurrent writers wait instead of
/// failing, foreign keys enforced, and NORMAL sync, which WAL keeps crash-safe.
/// </summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
