namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The database side's settings in <c>Worker:Backup</c> (the section the storage side's options bind too): where the
/// PostgreSQL client tools are, and where verification restores.
/// </summary>
internal sealed class DatabaseEngineOptions
{
    public const string SectionName = "Worker:Backup";

    /// <summary>
    /// The directory holding <c>pg_dump</c> and <c>pg_restore</c>. Unset: PATH, then the newest
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian keeps them off PATH). Their major version must be at least the server's.
    /// </summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>
    /// A PostgreSQL server (its credentials, and the database to connect to while creating and dropping; <c>postgres</c> when
    /// it names none) to verify backups on, when the service's own server should not carry the scratch databases. Unset:
    /// the service's server.
    /// </summary>
    public string? VerifyConnectionString { get; set; }
}
