using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.AppHost.Infrastructure;

internal static class LocalPostgres
{
    /// <summary>
    /// Debian's PostgreSQL as an executable resource: a cluster initialised on first run (password
    /// authentication, the database created), listening on loopback only, on a port chosen here.
    /// Returns the server and the connection string resource that services reference.
    /// </summary>
    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> Database) AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string databaseName, string dataRoot)
    {
        var bin = LocalServers.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("Local mode needs PostgreSQL: sudo apt-get install -y postgresql");
        var dataDirectory = Path.Combine(dataRoot, "postgres");
        var password = LocalServers.PersistentSecret(Path.Combine(dataRoot, "postgres.password"));
        PostgresCluster.Initialise(bin, dataDirectory, password, databaseName);

        var port = LocalServers.FreePort();
        var connectionString = PostgresCluster.ConnectionString(port, password, databaseName);
        var (command, arguments) = PostgresCluster.ServerCommand(bin, dataDirectory, port);

        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: $"{name}-check");
        var server = builder.AddExecutable(name, command, dataRoot, arguments)
            .WithHealthCheck($"{name}-check");
        var database = builder.AddConnectionString(databaseName, ReferenceExpression.Create($"{connectionString}"));
        return (server, database);
    }
}
