using BujjiCoder.AppHost.Infrastructure;
using Npgsql;

namespace BujjiCoder.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster from Debian's binaries: temporary data directory, free port,
/// durability switched off for speed. Tests create a database each so they never see each other's rows.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly ServerProcess _process;
    private readonly int _port;
    private readonly string _password;

    private PostgresServer(TemporaryDirectory directory, ServerProcess process, int port, string password)
    {
        _directory = directory;
        _process = process;
        _port = port;
        _password = password;
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = LocalServers.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("Tests need PostgreSQL: apt-get install -y postgresql (the test script installs it when run as root).");
        var directory = TemporaryDirectory.Create("bujji-pg");
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var dataDirectory = Path.Combine(directory.Path, "data");
        PostgresCluster.Initialise(bin, dataDirectory, password, "bujjidb");

        var port = LocalServers.FreePort();
        var (command, arguments) = PostgresCluster.ServerCommand(bin, dataDirectory, port,
            "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300");
        var process = ServerProcess.Start(command, arguments);
        var server = new PostgresServer(directory, process, port, password);
        await process.WaitUntilReadyAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }, TimeSpan.FromSeconds(60));
        return server;
    }

    public string ConnectionString(string database) => PostgresCluster.ConnectionString(_port, _password, database);

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    /// <summary>Drops a database even while connections are open, as if the server had lost it.</summary>
    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
