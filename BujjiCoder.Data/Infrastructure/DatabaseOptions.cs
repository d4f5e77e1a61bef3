using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Data.Infrastructure;

/// <summary>Settings of the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// Where the SQLite file lives in embedded mode (no <c>ConnectionStrings:bujjidb</c>);
    /// relative paths are taken from the content root.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>
    /// Apply pending migrations when the service starts, before it serves traffic. Replicas that start
    /// together are safe: EF Core takes a database-wide lock while migrating. Services that leave this
    /// off wait until the schema is current instead.
    /// </summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>
    /// PostgreSQL: how long opening a connection may take (the network connect, or a wait for a free pooled connection)
    /// before it fails, when the connection string does not say (its <c>Timeout</c> wins). Npgsql's own default, 15 s, held
    /// every request that long when the server's host stopped answering.
    /// </summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>
    /// PostgreSQL: retries of an operation that failed transiently (a dropped connection, a deadlock), the first one at once,
    /// later ones after at most a second. Aspire's default, 6 retries with delays up to 30 s, kept a request waiting for over
    /// 20 s while the server was down; a few quick retries cover a blip, and a longer outage is answered with 503.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>How long a SQLite command waits for another writer before it fails.</summary>
    [Range(1, 600)]
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;
}
