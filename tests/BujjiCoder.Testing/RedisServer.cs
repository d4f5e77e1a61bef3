using BujjiCoder.AppHost.Infrastructure;
using StackExchange.Redis;

namespace BujjiCoder.Testing;

/// <summary>A throw-away <c>redis-server</c> on a free loopback port, with a password and no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly ServerProcess _process;

    private RedisServer(TemporaryDirectory directory, ServerProcess process, string connectionString)
    {
        _directory = directory;
        _process = process;
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
        var process = ServerProcess.Start(redisServer, LocalServers.RedisArguments(port, directory.Path, password, persistent: false));
        var server = new RedisServer(directory, process, LocalServers.RedisConnectionString(port, password));
        await process.WaitUntilReadyAsync(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
            return (await connection.GetDatabase().PingAsync()) >= TimeSpan.Zero;
        }, TimeSpan.FromSeconds(30));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
