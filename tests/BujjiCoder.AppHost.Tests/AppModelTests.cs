using Aspire.Hosting;

namespace BujjiCoder.AppHost.Tests;

/// <summary>The app model each infrastructure mode builds, inspected without starting anything.</summary>
public sealed class AppModelTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embedded_mode_has_no_servers_and_points_both_services_at_one_sqlite_directory_and_the_worker_at_a_backups_folder_beside_it()
    {
        using var data = TemporaryDirectory.Create("bujji-model");

        var model = await BuildModelAsync("embedded", data.Path);

        Assert.DoesNotContain(model, resource => resource.Name is "postgres" or "cache" or "bujjidb");
        var api = await EnvironmentOfAsync(model, "api");
        var worker = await EnvironmentOfAsync(model, "worker");
        Assert.Equal(Path.Combine(data.Path, "embedded"), api["Database__DataDirectory"]);
        Assert.Equal(api["Database__DataDirectory"], worker["Database__DataDirectory"]);
        Assert.Equal("embedded", api["Infrastructure__Mode"]);
        Assert.Equal(Path.Combine(data.Path, "backups"), worker["Worker__Backup__Local__Path"]);
        Assert.DoesNotContain("Worker__Backup__Local__Path", api.Keys);
        Assert.DoesNotContain(api.Keys, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Containers_mode_uses_postgres_and_redis_images_with_the_bujjidb_database()
    {
        using var data = TemporaryDirectory.Create("bujji-model");

        var model = await BuildModelAsync("containers", data.Path);

        Assert.IsType<ContainerResource>(model.Single(resource => resource.Name == "postgres"), exactMatch: false);
        Assert.IsType<ContainerResource>(model.Single(resource => resource.Name == "cache"), exactMatch: false);
        Assert.Contains(model, resource => resource.Name == "bujjidb" && resource is IResourceWithParent);
        Assert.Empty(Directory.GetFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task An_unknown_infra_mode_is_refused_with_the_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BuildModelAsync("kubernetes", Path.GetTempPath()));

        Assert.Contains("containers, local or embedded", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<IResource>> BuildModelAsync(string mode, string dataDirectory)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", mode, "--LocalInfra:DataDirectory", dataDirectory], Cancellation);
        return [.. builder.Resources];
    }

    /// <summary>
    /// The plain-text environment variables a resource is given. Only the callbacks run, nothing is
    /// resolved: values that wait for allocated endpoints would never arrive in a model that is not started.
    /// </summary>
    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(IReadOnlyList<IResource> model, string name)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var callback in model.Single(r => r.Name == name).Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables
            .Where(pair => pair.Value is string)
            .ToDictionary(pair => pair.Key, pair => (string)pair.Value);
    }
}
