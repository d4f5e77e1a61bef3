namespace BujjiCoder.EndToEndTests.Hosting;

/// <summary>The web app's production build (<c>vite build</c> output), which nginx serves exactly as it would ship.</summary>
internal static class WebDist
{
    public static string Directory { get; } = Path.Combine(SolutionPaths.Root, "BujjiCoder.Web", "dist");

    /// <summary>Fails the run in one line when the build is missing: there is nothing to test without it.</summary>
    public static string Require() => File.Exists(Path.Combine(Directory, "index.html"))
        ? Directory
        : throw new InvalidOperationException(
            $"BujjiCoder.Web/dist/index.html is missing: run `npm ci && npm run build` in BujjiCoder.Web first (./test.sh builds it before the .NET tests).");
}
