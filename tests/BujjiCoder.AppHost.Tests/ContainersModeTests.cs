using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.AppHost.Tests;

/// <summary>
/// Containers mode started for real: PostgreSQL and Redis as the containers Aspire runs, from the images it asks for.
/// No registry is reachable here, so those are the stand-ins eng/stand-in-images.sh builds once per machine under the
/// official names (./test.sh runs it first; this test runs it again, a few seconds when they exist, to be runnable alone).
/// </summary>
public sealed class ContainersModeTests
{
    [Fact]
    public async Task The_api_is_ready_against_postgresql_and_redis_in_containers()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(["--Infra", "containers"], TestContext.Current.CancellationToken);
        // Seconds when the stand-ins exist; building them from nothing (debootstrap) takes minutes, once per machine.
        using (var building = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            building.CancelAfter(TimeSpan.FromMinutes(20));
            await EnsureStandInImagesAsync(builder, building.Token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var cancellation = timeout.Token;
        WithoutDataVolumes(builder);
        // The Vite dev server is the same in every mode (LocalModeTests starts it): not needed to prove the servers.
        foreach (var web in builder.Resources.Where(resource => resource.Name.StartsWith("web", StringComparison.Ordinal)).ToList())
        {
            builder.Resources.Remove(web);
        }

        await using var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation);
        foreach (var resource in new[] { "postgres", "cache", "api", "worker" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellation);
        }

        using var api = app.CreateHttpClient("api");
        using var ready = await api.GetAsync("/health/ready", cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var info = JsonDocument.Parse(await api.GetStringAsync("/api/v1/info", cancellation)).RootElement;
        Assert.Equal("containers", info.GetProperty("mode").GetString());
        Assert.Equal("postgresql", info.GetProperty("database").GetString());
        Assert.Equal("redis", info.GetProperty("cache").GetString());
        Assert.All(new[] { "postgres", "cache" }, resource => Assert.IsType<ContainerResource>(
            app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource), exactMatch: false));
    }

    /// <summary>
    /// Aspire names data volumes after the AppHost's path, so a test would share (and fill) the developer's own
    /// containers-mode data; and the database would keep the password of whichever run created it. Fresh each time instead.
    /// </summary>
    private static void WithoutDataVolumes(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources.Where(resource => resource.Name is "postgres" or "cache"))
        {
            foreach (var mount in resource.Annotations.OfType<ContainerMountAnnotation>().ToList())
            {
                resource.Annotations.Remove(mount);
            }
        }
    }

    private static async Task EnsureStandInImagesAsync(IDistributedApplicationTestingBuilder builder, CancellationToken cancellation)
    {
        var script = Path.Combine(SolutionPaths.Root, "eng", "stand-in-images.sh");
        if (File.Exists(script))
        {
            await RunAsync(script, [], cancellation);
        }

        // The exact names Aspire asks the engine for: with no registry, a missing one would leave the container waiting.
        var images = builder.Resources
            .SelectMany(resource => resource.Annotations.OfType<ContainerImageAnnotation>())
            .Select(image => $"{image.Registry}/{image.Image}:{image.Tag}");
        await RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", .. images], cancellation);
    }

    // The caller's token holds the budget (20 minutes for building the stand-ins); the timeout only backs it up.
    private static Task RunAsync(string command, string[] arguments, CancellationToken cancellation) =>
        CommandLine.ReadAsync(command, arguments, TimeSpan.FromMinutes(20), cancellation);
}
