using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>Debian's <c>redis-server</c> as an executable resource that is also the connection string services reference.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{connectionString}");
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
        var connectionString = LocalServers.RedisConnectionString(port, password);

        builder.Services.AddHealthChecks().AddRedis(connectionString, name: $"{name}-check");
        return builder.AddResource(new LocalRedisResource(name, redisServer, dataDirectory, connectionString))
            .WithArgs(LocalServers.PrepareRedisArguments(port, dataDirectory, password, persistent: true))
            .WithHealthCheck($"{name}-check");
    }
}
