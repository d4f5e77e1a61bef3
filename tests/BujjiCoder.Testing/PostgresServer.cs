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
    private readonly string _command;
    private readonly string[] _arguments;
    private readonly int _port;
    private readonly string _password;
    private ServerProcess? _process;

    private PostgresServer(TemporaryDirectory directory, string command, string[] arguments, int port, string password)
    {
        _directory = directory;
        _command = command;
        _arguments = arguments;
        _port = port;
        _password = password;
    }

    public static Task<PostgresServer> StartAsync() => StartAsync(durable: false);

    /// <summary>
    /// <paramref name="durable"/>: commits are written out before they are acknowledged (<c>synchronous_commit=on</c>), so a
    /// server stopped and started again (<see cref="StopAsync"/>) still has every acknowledged write, as a production one
    /// does. Without it, commits are acknowledged first and a stop can lose the last ones: fine for the shared server.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(bool durable)
    {
        var bin = LocalServers.FindPostgresBinDirectory()
            ?? throw new InvalidOperationException("Tests need PostgreSQL: apt-get install -y postgresql (the test script installs it when run as root).");
        var directory = TemporaryDirectory.Create("bujji-pg");
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var dataDirectory = Path.Combine(directory.Path, "data");
        PostgresCluster.Initialise(bin, dataDirectory, password, "bujjidb");

        var port = LocalServers.FreePort();
        // fsync stays off either way: the tests stop the server, never the machine, and the kernel keeps what was written.
        var (command, arguments) = PostgresCluster.ServerCommand(bin, dataDirectory, port,
            "fsync=off", $"synchronous_commit={(durable ? "on" : "off")}", "full_page_writes=off", "max_connections=300");
        var server = new PostgresServer(directory, command, arguments, port, password);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>
    /// Stops the server as an operator's restart does (fast shutdown: open sessions are ended, in-flight transactions rolled
    /// back): clients see connections refused until <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        // SIGINT is PostgreSQL's fast shutdown; the SIGTERM of ServerProcess's dispose would wait for pooled clients to leave.
        System.Diagnostics.Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts the server again on the same port and data directory, and waits until it takes connections.</summary>
    public async Task StartAgainAsync()
    {
        var process = _process = ServerProcess.Start(_command, _arguments);
        await process.WaitUntilReadyAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }, TimeSpan.FromSeconds(60));
    }

    public string ConnectionString(string database) => PostgresCluster.ConnectionString(_port, _password, database);

    /// <summary>
    /// Creates an empty database with a fresh name and returns its connection string, whose pool lets idle connections go
    /// within seconds rather than Npgsql's five minutes: every test has a database of its own and nothing closes its pool,
    /// so the idle connections of the tests of the last five minutes together filled the shared server's max_connections
    /// (measured: 300 held for 144 databases, and the next tests' hosts refused at start).
    /// </summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(ConnectionString(name)) { ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5 }.ConnectionString;
    }

    /// <summary>Drops a database even while connections are open, as if the server had lost it.</summary>
    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

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
