using System.Net.Sockets;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>What the Docker-compatible engine said, and in words a user can act on.</summary>
internal sealed record ContainerRuntimeAnswer(bool CanRunContainers, string Reason);

/// <summary>
/// Asks the container engine, over its Docker-compatible API, whether containers mode would start. A socket file alone
/// proves nothing: a stopped daemon leaves it behind, and an engine that cannot pull (no registry reachable, as on
/// the project's CI) makes DCP wait forever with the containers "RuntimeUnhealthy". Every question has a deadline.
/// </summary>
internal static class ContainerRuntimeProbe
{
    /// <summary>For the ping and each local image look-up: an engine that answers at all answers these at once.</summary>
    private static readonly TimeSpan QuickAnswer = TimeSpan.FromSeconds(2);

    /// <summary>For asking the engine whether a registry has an image it lacks: a DNS or TCP timeout takes longer than this.</summary>
    private static readonly TimeSpan RegistryAnswer = TimeSpan.FromSeconds(5);

    /// <summary>The engine's address: <c>DOCKER_HOST</c> (unix:// or tcp://), else Docker's or rootless Podman's usual socket; null when there is none.</summary>
    public static Uri? FindEngine(string? dockerHost)
    {
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            return Uri.TryCreate(dockerHost, UriKind.Absolute, out var address)
                ? address
                : throw new InvalidOperationException($"DOCKER_HOST must be an address such as unix:///var/run/docker.sock or tcp://host:2375; got '{dockerHost}'.");
        }

        string[] sockets = ["/var/run/docker.sock", $"/run/user/{Environment.GetEnvironmentVariable("UID")}/podman/podman.sock"];
        return sockets.FirstOrDefault(File.Exists) is { } socket ? new Uri($"unix://{socket}") : null;
    }

    /// <summary>Whether the engine at <paramref name="engine"/> answers and has, or can pull, every one of <paramref name="images"/>.</summary>
    public static async Task<ContainerRuntimeAnswer> AskAsync(Uri engine, IReadOnlyList<string> images)
    {
        if (engine.Scheme is not ("unix" or "tcp" or "http"))
        {
            // ssh:// and the like need the docker CLI's own transport: trust the user who set it up.
            return new(true, $"DOCKER_HOST is {engine} (not checked: only unix:// and tcp:// engines are asked)");
        }

        using var client = CreateClient(engine);
        try
        {
            using var ping = await GetAsync(client, "/_ping", QuickAnswer);
            if (!ping.IsSuccessStatusCode)
            {
                return new(false, $"the container engine at {engine} answered its ping with {(int)ping.StatusCode}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new(false, $"the container engine at {engine} did not answer within {QuickAnswer.TotalSeconds:0} s ({Describe(exception)})");
        }

        var missing = new List<string>();
        foreach (var image in images)
        {
            if (!await HasAsync(client, $"/images/{image}/json", QuickAnswer))
            {
                missing.Add(image);
            }
        }

        foreach (var image in missing)
        {
            // The engine asks the registry for the image's manifest: what a pull would need first.
            if (!await HasAsync(client, $"/distribution/{image}/json", RegistryAnswer))
            {
                return new(false,
                    $"the container engine at {engine} answers but has no {string.Join(" or ", missing)} and cannot reach a registry for {image}");
            }
        }

        return new(true, missing.Count == 0
            ? $"the container engine at {engine} answers and has {string.Join(" and ", images)}"
            : $"the container engine at {engine} answers and can pull {string.Join(" and ", missing)}");
    }

    private static async Task<bool> HasAsync(HttpClient client, string path, TimeSpan deadline)
    {
        try
        {
            using var response = await GetAsync(client, path, deadline);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        return await client.GetAsync(path, timeout.Token);
    }

    private static HttpClient CreateClient(Uri engine)
    {
        if (engine.Scheme != "unix")
        {
            // tcp://host:2375 is plain HTTP to the engine (a TLS-protected engine is left to DOCKER_TLS_VERIFY users: --Infra containers).
            return new HttpClient { BaseAddress = new UriBuilder(engine) { Scheme = Uri.UriSchemeHttp }.Uri };
        }

        var socketPath = engine.AbsolutePath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://container-engine") };
    }

    private static string Describe(Exception exception) => exception switch
    {
        TaskCanceledException => "timed out",
        _ => exception.GetBaseException().Message,
    };
}
