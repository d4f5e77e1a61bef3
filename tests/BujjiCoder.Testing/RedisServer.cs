using BujjiCoder.AppHost.Infrastructure;
using StackExchange.Redis;

namespace BujjiCoder.Testing;

/// <summary>
/// A throw-away <c>redis-server</c> on a free loopback port, with a password and no persistence. Tests of outages
/// stop it and start it again on the same port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly string _executable;
    private readonly string[] _arguments;
    private ServerProcess? _process;

    private RedisServer(TemporaryDirectory directory, string executable, string[] arguments, string connectionString)
    {
        _directory = directory;
        _executable = executable;
        _arguments = arguments;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var redisServer = LocalServers.FindRedisServer()
            ?? throw new InvalidOperationException("Tests need Redis: apt-get install -y redis-server (the test script installs it when run as root).");
        var directory = TemporaryDirectory.Create("bujji-redis");
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var port = LocalServers.FreePort();
        var server = new RedisServer(
            directory, redisServer, LocalServers.PrepareRedisArguments(port, directory.Path, password, persistent: false), LocalServers.RedisConnectionString(port, password));
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops the server (SIGTERM): clients see it gone until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts the server again on the same port, empty, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        _process = ServerProcess.Start(_executable, _arguments);
        await _process.WaitUntilReadyAsync(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
            return (await connection.GetDatabase().PingAsync()) >= TimeSpan.Zero;
        }, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
