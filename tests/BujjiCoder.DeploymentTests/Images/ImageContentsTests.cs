using System.Globalization;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>What is inside the three images and what they declare, independent of any running container.</summary>
[Collection(ImagesCollection.Name)]
public sealed class ImageContentsTests(ImagesFixture fixture)
{
    public static TheoryData<string> Names => ["api", "worker", "web"];

    // What each image must hold, so a search that finds nothing forbidden has looked in the right place.
    private static readonly Dictionary<string, string> Shipped = new()
    {
        ["api"] = "/app/BujjiCoder.Api.dll",
        ["worker"] = "/app/BujjiCoder.Worker.dll",
        ["web"] = "/srv/bujji-web/index.html",
    };

    // Growth over the base image's own size: the published app (and the Worker's PostgreSQL client) on top of the
    // runtime. Measured on the stand-ins (docs/DEPLOYMENT.md, Images), with room to spare. The Api and the Worker both carry
    // the local embedding model (about 90 MB of weights) and ONNX Runtime (16 MB): semantic search works with no network.
    private static readonly Dictionary<string, long> AddedBudget = new()
    {
        ["api"] = 230_000_000,
        ["worker"] = 270_000_000,
        ["web"] = 40_000_000,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_image_runs_as_a_numeric_user_who_is_not_root(string name)
    {
        var image = ImageOf(name);

        var user = await Docker.InspectAsync(image, "{{.Config.User}}");
        Assert.Matches("^[0-9]+(:[0-9]+)?$", user);
        var uid = user.Split(':')[0];
        Assert.NotEqual("0", uid);
        Assert.Equal(uid, (await Docker.RunAsync("run", "--rm", "--entrypoint", "id", image, "-u")).Trim());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_image_holds_no_sdk_sources_project_files_or_node_modules(string name)
    {
        var image = ImageOf(name);

        // As root, so no directory is left unread.
        var found = await Docker.RunAsync("run", "--rm", "--user", "0", "--entrypoint", "find", image, "/", "-xdev", "(",
            "-name", "*.csproj", "-o", "-name", "*.cs", "-o", "-name", "*.ts", "-o", "-name", "*.tsx",
            "-o", "-name", "package.json", "-o", "-name", "package-lock.json", "-o", "-name", "node_modules",
            "-o", "-name", "obj", "-o", "-path", "*/dotnet/sdk", "-o", "-name", "npm", "-o", "-name", "node",
            "-o", "-name", "Directory.Packages.props", "-o", "-name", "*.Dockerfile",
            "-o", "-path", Shipped[name], ")", "-print");

        var lines = found.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(Shipped[name], lines);
        Assert.Equal([Shipped[name]], lines);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_image_declares_a_health_check_and_the_oci_labels_it_was_built_with(string name)
    {
        var image = ImageOf(name);
        var labels = fixture.Images.Labels;

        var test = await Docker.InspectAsync(image, "{{json .Config.Healthcheck.Test}}");
        Assert.Contains("healthcheck", test, StringComparison.Ordinal);
        Assert.Equal(labels.Source, await LabelAsync(image, "org.opencontainers.image.source"));
        Assert.Equal(labels.Revision, await LabelAsync(image, "org.opencontainers.image.revision"));
        Assert.Equal(labels.Version, await LabelAsync(image, "org.opencontainers.image.version"));
        Assert.Equal(labels.Created, await LabelAsync(image, "org.opencontainers.image.created"));
    }

    [Fact]
    public async Task The_worker_has_pg_dump_and_pg_restore_of_the_servers_major_version_or_newer()
    {
        var server = await Docker.RunAsync("run", "--rm", "--entrypoint", "postgres", BuiltImages.Postgres, "--version");
        foreach (var tool in new[] { "pg_dump", "pg_restore" })
        {
            var client = await Docker.RunAsync("run", "--rm", "--entrypoint", tool, fixture.Images.Worker, "--version");
            Assert.True(Major(client) >= Major(server), $"{tool}: {client.Trim()}; server: {server.Trim()}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_image_adds_little_to_its_base_image(string name)
    {
        var image = ImageOf(name);
        var baseImage = name == "web" ? "nginx:1.28-bookworm" : "mcr.microsoft.com/dotnet/aspnet:10.0";

        var size = long.Parse(await Docker.InspectAsync(image, "{{.Size}}"), CultureInfo.InvariantCulture);
        var baseSize = long.Parse(await Docker.InspectAsync(baseImage, "{{.Size}}"), CultureInfo.InvariantCulture);
        var built = fixture.Images.BuildTimes[name];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{image}: {size / 1e6:F0} MB ({(size - baseSize) / 1e6:F0} MB over {baseImage}, {baseSize / 1e6:F0} MB); built in {built.TotalSeconds:F0} s this run"));

        Assert.InRange(size - baseSize, 1, AddedBudget[name]);
    }

    private string ImageOf(string name) => name switch
    {
        "api" => fixture.Images.Api,
        "worker" => fixture.Images.Worker,
        "web" => fixture.Images.Web,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static Task<string> LabelAsync(string image, string label) =>
        Docker.InspectAsync(image, $"{{{{index .Config.Labels \"{label}\"}}}}");

    // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 15
    private static int Major(string version) =>
        int.Parse(version.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2].Split('.')[0], CultureInfo.InvariantCulture);
}
