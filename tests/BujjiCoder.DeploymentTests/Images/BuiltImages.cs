using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The Api, Worker and web images built from deploy/images once per test run, on the stand-in base images
/// (eng/stand-in-images.sh) where no official one is present. Any fixture of the run gets the same build:
/// <code>var images = await BuiltImages.GetAsync();  // images.Api == "bujji-coder/api:test-1a2b3c4d"</code>
/// The tag is one per checkout (<see cref="Tag"/>), so worktrees building at once never overwrite each other's images
/// and a second run replaces the first's instead of piling up more.
/// </summary>
public sealed class BuiltImages
{
    private static readonly Lazy<Task<BuiltImages>> Build = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private BuiltImages(string tag, ImageLabels labels, IReadOnlyDictionary<string, TimeSpan> buildTimes, bool standInPostgres)
    {
        Tag = tag;
        Labels = labels;
        BuildTimes = buildTimes;
        StandInPostgres = standInPostgres;
    }

    /// <summary>The tag of all three images: <c>test-</c> and a hash of the checkout's path, or BUJJI_TEST_IMAGE_TAG.</summary>
    public string Tag { get; }

    public string Api => $"bujji-coder/api:{Tag}";

    public string Worker => $"bujji-coder/worker:{Tag}";

    public string Web => $"bujji-coder/web:{Tag}";

    /// <summary>The images the stack around them runs, as compose and the AppHost name them.</summary>
    public const string Postgres = "postgres:18.3";

    public const string Redis = "redis:8.6";

    /// <summary>The OCI labels the images were built with.</summary>
    public ImageLabels Labels { get; }

    /// <summary>How long each image took to build in this run (a few seconds when every layer was cached).</summary>
    public IReadOnlyDictionary<string, TimeSpan> BuildTimes { get; }

    /// <summary>Whether <see cref="Postgres"/> is this machine's stand-in (PostgreSQL 15 inside), not the official image.</summary>
    public bool StandInPostgres { get; }

    public IEnumerable<string> All => [Api, Worker, Web];

    /// <summary>The images, built on first call; later calls (from any fixture or test) get the same build.</summary>
    public static Task<BuiltImages> GetAsync() => Build.Value;

    private static async Task<BuiltImages> BuildAsync()
    {
        await EnsureEngineAsync();
        await CommandLine.ReadAsync(Path.Combine(SolutionPaths.Root, "eng", "stand-in-images.sh"), [], TimeSpan.FromMinutes(30));

        var tag = Environment.GetEnvironmentVariable("BUJJI_TEST_IMAGE_TAG") is { Length: > 0 } configured ? configured : CheckoutTag();
        var labels = await ImageLabels.OfCheckoutAsync();
        var standInPostgres = await Docker.InspectAsync(Postgres, "{{index .Config.Labels \"org.bujjicoder.stand-in\"}}") == "true";

        var times = new Dictionary<string, TimeSpan>();
        foreach (var (name, extra) in new (string, string[])[]
        {
            ("api", []),
            // The stand-in server is PostgreSQL 15 and apt.postgresql.org is out of reach here: the distribution's
            // client (15) matches it. With the official postgres:18.3 the image's default (client 18) is kept.
            ("worker", standInPostgres ? ["--build-arg", "POSTGRES_CLIENT_MAJOR="] : []),
            ("web", []),
        })
        {
            var started = Stopwatch.StartNew();
            await Docker.RunAsync([
                "build", "--file", $"deploy/images/{name}.Dockerfile", "--tag", $"bujji-coder/{name}:{tag}",
                .. labels.BuildArguments(), .. extra, SolutionPaths.Root,
            ]);
            times[name] = started.Elapsed;
        }

        return new BuiltImages(tag, labels, times, standInPostgres);
    }

    private static async Task EnsureEngineAsync()
    {
        var info = await Docker.TryRunAsync("info", "--format", "{{.ServerVersion}}");
        if (!info.Succeeded)
        {
            throw new InvalidOperationException(
                $"No Docker engine answers (eng/prerequisites.sh install_container_engine starts one): {info.Error.Trim()}");
        }
    }

    private static string CheckoutTag() =>
        "test-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SolutionPaths.Root)))[..8];
}

/// <summary>The OCI labels' values a build is given: the checkout's commit and that commit's date.</summary>
public sealed record ImageLabels(string Source, string Revision, string Version, string Created)
{
    // The commit's date rather than now: the same commit builds the same image (every layer and label cached), so a
    // second run neither rebuilds nor leaves the first run's image behind untagged.
    public static async Task<ImageLabels> OfCheckoutAsync()
    {
        var revision = await GitAsync("rev-parse", "HEAD");
        var created = DateTimeOffset.Parse(await GitAsync("log", "-1", "--format=%cI"), CultureInfo.InvariantCulture)
            .ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new ImageLabels("https://github.com/bujji-coder/bujji-coder", revision, $"0.1.0-test+{revision[..7]}", created);
    }

    public IEnumerable<string> BuildArguments() =>
    [
        "--build-arg", $"SOURCE={Source}",
        "--build-arg", $"REVISION={Revision}",
        "--build-arg", $"VERSION={Version}",
        "--build-arg", $"CREATED={Created}",
    ];

    private static async Task<string> GitAsync(params string[] arguments) =>
        (await CommandLine.ReadAsync("git", arguments, TimeSpan.FromSeconds(30))).Trim();
}
