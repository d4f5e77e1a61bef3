namespace BujjiCoder.AppHost.Infrastructure;

internal static class InfrastructureExtensions
{
    public const string DatabaseName = "bujjidb";

    /// <summary>Adds <c>postgres</c> (database <c>bujjidb</c>) and <c>cache</c> for the chosen mode and hands them to the services.</summary>
    public static void AddInfrastructure(this IDistributedApplicationBuilder builder, InfraMode mode, params IResourceBuilder<ProjectResource>[] services)
    {
        switch (mode)
        {
            case InfraMode.Containers:
            {
                var postgres = builder.AddPostgres("postgres").WithDataVolume();
                var database = postgres.AddDatabase(DatabaseName);
                var cache = builder.AddRedis("cache").WithDataVolume();
                foreach (var service in services)
                {
                    service.WithReference(database).WaitFor(database).WithReference(cache).WaitFor(cache);
                }

                break;
            }

            case InfraMode.Local:
            {
                var dataRoot = DataRoot(builder);
                var (postgres, database) = builder.AddLocalPostgres("postgres", DatabaseName, dataRoot);
                var cache = builder.AddLocalRedis("cache", dataRoot);
                foreach (var service in services)
                {
                    service.WithReference(database).WaitFor(postgres).WithReference(cache).WaitFor(cache);
                }

                break;
            }

            case InfraMode.Embedded:
            {
                // Both services open the same SQLite file (WAL lets them); each keeps its own in-process cache.
                var directory = Path.Combine(DataRoot(builder), "embedded");
                foreach (var service in services)
                {
                    service.WithEnvironment("Database__DataDirectory", directory);
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
    }

    /// <summary>
    /// Local and embedded modes keep backups in a <c>backups</c> folder beside the local data (a backup on the same disk
    /// guards against mistakes, not lost disks: set Worker:Backup:Blob too for that). Containers mode configures none.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalBackups(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder, InfraMode mode) =>
        mode is InfraMode.Local or InfraMode.Embedded
            ? worker.WithEnvironment("Worker__Backup__Local__Path", Path.Combine(DataRoot(builder), "backups"))
            : worker;

    /// <summary>
    /// Root of local-mode state: <c>LocalInfra:DataDirectory</c>, else <c>/var/lib/bujji-coder</c> for root
    /// (a place the <c>postgres</c> user can reach) or <c>~/.local/share/bujji-coder</c> for everyone else.
    /// Data stays between runs.
    /// </summary>
    private static string DataRoot(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["LocalInfra:DataDirectory"];
        var root = !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured)
            : LocalServers.IsRoot
                ? "/var/lib/bujji-coder"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "bujji-coder");
        Directory.CreateDirectory(root);
        if (LocalServers.IsRoot && !OperatingSystem.IsWindows())
        {
            // Let the unprivileged server users traverse into their own subdirectories.
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        }

        return root;
    }
}
