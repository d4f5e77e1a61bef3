namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and Redis come from.</summary>
internal enum InfraMode
{
    /// <summary>Container images, through a container runtime; always the choice when publishing.</summary>
    Containers,

    /// <summary>Debian's <c>postgres</c> and <c>redis-server</c>, started as local processes.</summary>
    Local,

    /// <summary>No servers at all: the Api and Worker share a SQLite file and cache in process memory.</summary>
    Embedded,
}

internal static class InfraModeSelector
{
    /// <summary>
    /// <c>--Infra containers|local|embedded</c> (or the <c>Infra</c> setting) wins; otherwise containers when
    /// publishing or when a container runtime answers, local processes when PostgreSQL and Redis are
    /// installed, and embedded mode when nothing is.
    /// </summary>
    public static InfraMode Choose(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfraMode.Containers;
        }

        var requested = builder.Configuration["Infra"];
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return Enum.TryParse<InfraMode>(requested, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? mode
                : throw new InvalidOperationException($"Infra must be one of containers, local or embedded; got '{requested}'.");
        }

        if (ContainerRuntimeIsPresent())
        {
            return InfraMode.Containers;
        }

        if (LocalServers.FindPostgresBinDirectory() is not null && LocalServers.FindRedisServer() is not null)
        {
            return InfraMode.Local;
        }

        Console.WriteLine("Embedded mode (SQLite, in-process cache): no container runtime and no PostgreSQL/Redis found. For local mode run: sudo apt-get install -y postgresql redis-server");
        return InfraMode.Embedded;
    }

    private static bool ContainerRuntimeIsPresent() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"))
        || File.Exists("/var/run/docker.sock")
        || File.Exists($"/run/user/{Environment.GetEnvironmentVariable("UID")}/podman/podman.sock");
}
