namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The docker CLI, run to completion: the engine is shared by everyone on the machine, so tests talk to it the way an
/// operator would and name everything they create (img- prefix) so nothing of another's is touched.
/// </summary>
public static class Docker
{
    // An image build competes for the machine's two cores with everyone else's work.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs <c>docker</c> with the arguments; throws with its output when it exits non-zero.</summary>
    public static Task<string> RunAsync(params string[] arguments) => CommandLine.ReadAsync("docker", arguments, Timeout);

    /// <summary>Runs <c>docker</c> with the arguments and returns how it ended, whatever that was.</summary>
    public static Task<CommandResult> TryRunAsync(params string[] arguments) => CommandLine.RunAsync("docker", arguments, Timeout);

    /// <summary>A Go template of <c>docker inspect</c> over an image or container.</summary>
    public static async Task<string> InspectAsync(string target, string format) =>
        (await RunAsync("inspect", "--format", format, target).ConfigureAwait(false)).Trim();
}
