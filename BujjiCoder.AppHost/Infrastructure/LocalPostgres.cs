using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.AppHost.Infrastructure;

internal static class LocalPostgres
{
    /// <summary>
    /// Debian's PostgreSQL as an executable resource: a cluster initialised on first run (password
    /// authentication, the database created), listening on loopback only, on a port chosen here.
    /// Returns the connection string resource services reference.
    /// </summary>
    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> Database) AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string databaseName, string dataRoot)
    {
        var bin = LocalServers.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("Local mode needs PostgreSQL: sudo apt-get install -y postgresql");
        var dataDirectory = Path.Combine(dataRoot, "postgres");
        var password = LocalServers.PersistentSecret(Path.Combine(dataRoot, "postgres.password"));
        InitialiseCluster(bin, dataDirectory, password, databaseName);

        var port = LocalServers.FreePort();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database={databaseName}";

        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: $"{name}-check");
        var server = builder.AddExecutable(name, AsPostgresUser(bin, "postgres", out var prefix), dataRoot,
                [.. prefix, "-D", dataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="])
            .WithHealthCheck($"{name}-check");

        var database = builder.AddConnectionString(databaseName, ReferenceExpression.Create($"{connectionString}"));
        return (server, database);
    }

    private static void InitialiseCluster(string bin, string dataDirectory, string password, string databaseName)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"bujji-pg-{Guid.NewGuid():N}");
        File.WriteAllText(passwordFile, password);
        try
        {
            if (LocalServers.IsRoot)
            {
                LocalServers.Run("chown", ["postgres:postgres", dataDirectory, passwordFile]);
            }

            LocalServers.Run(AsPostgresUser(bin, "initdb", out var prefix),
                [.. prefix, "-D", dataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C.UTF-8"]);
            // Single-user mode creates the database before any server listens.
            LocalServers.Run(AsPostgresUser(bin, "postgres", out prefix),
                [.. prefix, "--single", "-D", dataDirectory, "postgres"], standardInput: $"CREATE DATABASE {databaseName};\n");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>The command to run a PostgreSQL binary: as is, or through <c>setpriv</c> as the postgres user when we are root.</summary>
    private static string AsPostgresUser(string bin, string program, out string[] argumentPrefix)
    {
        var path = Path.Combine(bin, program);
        if (!LocalServers.IsRoot)
        {
            argumentPrefix = [];
            return path;
        }

        argumentPrefix = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--reset-env", path];
        return "setpriv";
    }
}
