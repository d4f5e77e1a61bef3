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
    /// The images containers mode runs: what Aspire.Hosting.PostgreSQL and .Redis ask the engine for (a test checks the
    /// two agree). The stand-ins of eng/stand-in-images.sh carry these names.
    /// </summary>
    public static readonly IReadOnlyList<string> ContainerImages = ["docker.io/library/postgres:18.3", "docker.io/library/redis:8.6"];

    /// <summary>
    /// <c>--Infra containers|local|embedded</c> (or the <c>Infra</c> setting) wins; otherwise containers when
    /// publishing or when a container engine answers and has (or can pull) the images, local processes when PostgreSQL
    /// and Redis are installed, and embedded mode when nothing is. An automatic choice is printed with its reason.
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

        var (chosen, reason) = ChooseAutomatically(builder.Configuration["DOCKER_HOST"]);
        Console.WriteLine($"{chosen} mode: {reason}. Choose another with --Infra containers|local|embedded.");
        return chosen;
    }

    private static (InfraMode Mode, string Reason) ChooseAutomatically(string? dockerHost)
    {
        var notContainers = "no container engine found (no DOCKER_HOST, no /var/run/docker.sock)";
        if (ContainerRuntimeProbe.FindEngine(dockerHost) is { } engine)
        {
            // Containers mode with an engine that cannot start them would hang; asking first costs at most a few seconds.
            var answer = ContainerRuntimeProbe.AskAsync(engine, ContainerImages).GetAwaiter().GetResult();
            if (answer.CanRunContainers)
            {
                return (InfraMode.Containers, answer.Reason);
            }

            notContainers = answer.Reason;
        }

        if (LocalServers.FindPostgresBinDirectory() is not null && LocalServers.FindRedisServer() is not null)
        {
            return (InfraMode.Local, $"{notContainers}; Debian's PostgreSQL and Redis are installed");
        }

        return (InfraMode.Embedded,
            $"{notContainers}, and no PostgreSQL/Redis found (SQLite, in-process cache). For local mode run: sudo apt-get install -y postgresql redis-server");
    }
}
