namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>The three images a release is made of, as references docker can run.</summary>
internal sealed record ComposeImages(string Api, string Worker, string Web)
{
    // Until the images fixture lands: references given in CMP_API_IMAGE, CMP_WORKER_IMAGE and CMP_WEB_IMAGE.
    public static Task<ComposeImages> ResolveAsync() => Task.FromResult(new ComposeImages(
        Required("CMP_API_IMAGE"), Required("CMP_WORKER_IMAGE"), Required("CMP_WEB_IMAGE")));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {name} to an image reference.");
}
