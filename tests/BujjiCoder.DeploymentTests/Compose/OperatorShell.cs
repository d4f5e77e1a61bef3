namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>
/// docker, docker-compose and deploy.sh as an operator's shell shows them: deploy.sh reports on standard output and error
/// alike, so the two come interleaved in <see cref="CommandResult.Output"/>, and the long runs are echoed to the test output.
/// </summary>
internal static class OperatorShell
{
    // Inspections and listings answer in seconds: a minute means the engine is stuck, and a poll should fail, not hang.
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromMinutes(1);

    public static Task<CommandResult> RunAsync(
        string command, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? standardInput = null) =>
        CommandLine.RunAsync(
            command, arguments, timeout ?? TimeSpan.FromMinutes(10),
            environment: environment?.ToDictionary(variable => variable.Key, string? (variable) => variable.Value),
            standardInput: standardInput, echo: true, errorIntoOutput: true);

    /// <summary>Runs a command that must succeed and returns its trimmed standard output.</summary>
    public static async Task<string> ReadAsync(string command, params string[] arguments) =>
        (await CommandLine.ReadAsync(command, arguments, QuietTimeout)).Trim();

    /// <summary>Like <see cref="RunAsync"/> without echoing: for the many small docker inspect calls.</summary>
    public static Task<CommandResult> RunQuietAsync(string command, params string[] arguments) =>
        CommandLine.RunAsync(command, arguments, QuietTimeout);
}
