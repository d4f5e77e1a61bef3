using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>Debian's <c>redis-server</c> as an executable resource that is also the connection string services reference.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, int port, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},password={password}");
}

internal static class LocalRedis
{
    /// <summary>
    /// Redis on loopback with a generated password, its append-only file under the local data root so the
    /// cache, rate-limit counters and Data Protection keys survive a restart.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string dataRoot)
    {
        var redisServer = LocalServers.FindRedisServer()
            ?? throw new InvalidOperationException("Local mode needs Redis: sudo apt-get install -y redis-server");
        var dataDirectory = Path.Combine(dataRoot, "redis");
        Directory.CreateDirectory(dataDirectory);
        var password = LocalServers.PersistentSecret(Path.Combine(dataRoot, "redis.password"));
        var port = LocalServers.FreePort();

        var resource = new LocalRedisResource(name, redisServer, dataDirectory, port, password);
        var connectionString = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},password={password}";
        builder.Services.AddHealthChecks().AddRedis(connectionString, name: $"{name}-check");

        return builder.AddResource(resource)
            .WithArgs("--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", dataDirectory,
                "--appendonly", "yes", "--save", "", "--requirepass", password, "--protected-mode", "yes")
            .WithHealthCheck($"{name}-check");
    }
}
