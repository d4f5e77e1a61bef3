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

    /// <summary>How long a SQLite command waits for another writer before it fails.</summary>
    [Range(1, 600)]
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;
}
