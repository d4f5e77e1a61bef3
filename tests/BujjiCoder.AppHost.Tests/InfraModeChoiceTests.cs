using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.AppHost.Tests;

/// <summary>
/// The automatic mode choice (no <c>--Infra</c>) against container engines that misbehave: a socket file is not an
/// engine that can start the containers, and choosing containers for one that can't leaves the AppHost hanging.
/// Each test points the AppHost at an engine of its own through <c>DOCKER_HOST</c>. Local mode is the fallback here
/// because Debian's PostgreSQL and Redis are installed on every machine the tests run on.
/// </summary>
public sealed class InfraModeChoiceTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_socket_whose_engine_never_answers_is_given_up_within_seconds_for_local_mode()
    {
        using var directory = TemporaryDirectory.Create("bujji-engine");
        var socketPath = Path.Combine(directory.Path, "docker.sock");
        // Connections are queued by the kernel and never accepted: a hung daemon.
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(socketPath));
        silent.Listen();

        var clock = Stopwatch.StartNew();
        var model = await BuildModelAsync($"unix://{socketPath}", directory.Path);

        Assert.IsType<ExecutableResource>(model.Single(resource => resource.Name == "postgres"), exactMatch: false);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the choice took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_engine_without_the_images_and_without_a_registry_is_not_chosen()
    {
        using var directory = TemporaryDirectory.Create("bujji-engine");
        await using var engine = await FakeEngine.StartAsync(Path.Combine(directory.Path, "docker.sock"), localImages: []);

        var model = await BuildModelAsync(engine.Address, directory.Path);

        Assert.IsType<ExecutableResource>(model.Single(resource => resource.Name == "postgres"), exactMatch: false);
        Assert.Contains(engine.Asked, path => path.StartsWith("/distribution/", StringComparison.Ordinal));
    }

    // Also proves the choice asks for the very images containers mode runs: any other name gets a 404 here.
    [Fact]
    public async Task An_engine_that_has_the_images_containers_mode_runs_is_chosen()
    {
        using var directory = TemporaryDirectory.Create("bujji-engine");
        await using var containersModel = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(["--Infra", "containers"], Cancellation);
        var images = containersModel.Resources
            .SelectMany(resource => resource.Annotations.OfType<ContainerImageAnnotation>())
            .Select(image => $"{image.Registry}/{image.Image}:{image.Tag}")
            .ToList();
        await using var engine = await FakeEngine.StartAsync(Path.Combine(directory.Path, "docker.sock"), images);

        var model = await BuildModelAsync(engine.Address, directory.Path);

        Assert.IsType<ContainerResource>(model.Single(resource => resource.Name == "postgres"), exactMatch: false);
        Assert.IsType<ContainerResource>(model.Single(resource => resource.Name == "cache"), exactMatch: false);
        Assert.Equal(2, images.Count);
    }

    private static async Task<IReadOnlyList<IResource>> BuildModelAsync(string dockerHost, string dataDirectory)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--DOCKER_HOST", dockerHost, "--LocalInfra:DataDirectory", dataDirectory], Cancellation);
        return [.. builder.Resources];
    }

    /// <summary>
    /// The few endpoints of Docker's Engine API the choice asks, on a Unix socket: a daemon that answers, holds only
    /// <c>localImages</c>, and whose registry look-ups fail as they do with no registry reachable.
    /// </summary>
    private sealed class FakeEngine : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeEngine(WebApplication app, string socketPath)
        {
            _app = app;
            Address = $"unix://{socketPath}";
        }

        public string Address { get; }

        public List<string> Asked { get; } = [];

        public static async Task<FakeEngine> StartAsync(string socketPath, IReadOnlyCollection<string> localImages)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var engine = new FakeEngine(app, socketPath);
            app.Use((context, next) =>
            {
                lock (engine.Asked)
                {
                    engine.Asked.Add(context.Request.Path.Value ?? "");
                }

                return next(context);
            });
            app.MapGet("/_ping", () => "OK");
            app.MapGet("/images/{**image}", (string image) =>
                localImages.Any(known => image == $"{known}/json") ? Results.Json(new { Id = "sha256:0" }) : Results.NotFound());
            app.MapGet("/distribution/{**image}", () => Results.Problem("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", statusCode: 500));
            await app.StartAsync(Cancellation);
            return engine;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
