using System.Diagnostics;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// eng/stand-in-images.sh after the collection's fixture has run it (and built the images on what it provides): every
/// official name present, nothing built again.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class StandInImagesTests
{
    private static readonly string Script = Path.Combine(SolutionPaths.Root, "eng", "stand-in-images.sh");

    [Fact]
    public async Task Every_official_name_the_project_uses_is_present_and_each_stand_in_says_what_it_stands_in_for()
    {
        var names = (await CommandLine.ReadAsync(Script, ["--list"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains(BuiltImages.Postgres, names);
        Assert.Contains(BuiltImages.Redis, names);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0", names);
        foreach (var name in names)
        {
            var standIn = await Docker.InspectAsync(name, "{{index .Config.Labels \"org.bujjicoder.stand-in\"}}");
            if (standIn == "true")
            {
                Assert.Equal(name, await Docker.InspectAsync(name, "{{index .Config.Labels \"org.bujjicoder.stand-in.for\"}}"));
            }
        }
    }

    [Fact]
    public async Task A_second_run_keeps_every_image_and_takes_seconds()
    {
        var started = Stopwatch.StartNew();
        var run = await CommandLine.ReadAsync(Script, [], TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        var lines = run.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, line => Assert.EndsWith(", kept", line, StringComparison.Ordinal));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }
}
