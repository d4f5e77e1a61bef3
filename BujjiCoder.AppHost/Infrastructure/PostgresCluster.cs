using System.Globalization;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>
/// A PostgreSQL cluster in a directory of its own, run from Debian's binaries. Free of Aspire types:
/// the test fixtures compile this file too.
/// </summary>
internal static class PostgresCluster
{
    /// <summary>Creates the cluster (password authentication, loopback only) and its database, unless it exists.</summary>
    public static void Initialise(string bin, string dataDirectory, string password, string databaseName)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"bujji-pg-{Guid.NewGuid():N}");
        LocalServers.WriteSecretFile(passwordFile, password);
        try
        {
            if (LocalServers.IsRoot)
            {
                LocalServers.Run("chown", ["postgres:postgres", dataDirectory, passwordFile]);
            }

            var (initdb, initdbArguments) = Command(bin, "initdb",
                ["-D", dataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C.UTF-8"]);
            LocalServers.Run(initdb, initdbArguments);

            // Single-user mode creates the database before any server listens.
            var (single, singleArguments) = Command(bin, "postgres", ["--single", "-D", dataDirectory, "postgres"]);
            LocalServers.Run(single, singleArguments, standardInput: $"CREATE DATABASE {databaseName};\n");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>The command line of the server: TCP on loopback only, no Unix socket, plus any <c>-c</c> settings.</summary>
    public static (string Command, string[] Arguments) ServerCommand(string bin, string dataDirectory, int port, params string[] settings) =>
        Command(bin, "postgres",
        [
            "-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            .. settings.SelectMany(setting => new[] { "-c", setting }),
        ]);

    public static string ConnectionString(int port, string password, string databaseName) =>
        $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password={password};Database={databaseName}";

    /// <summary>PostgreSQL refuses to run as root: as root, run its binaries as the postgres user through setpriv.</summary>
    private static (string Command, string[] Arguments) Command(string bin, string program, string[] arguments)
    {
        var path = Path.Combine(bin, program);
        return LocalServers.IsRoot
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--reset-env", path, .. arguments])
            : (path, arguments);
    }
}
