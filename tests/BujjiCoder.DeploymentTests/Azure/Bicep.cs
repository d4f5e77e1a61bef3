using System.Reflection;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>
/// The Bicep CLI of the Azure.Bicep.CommandLine.linux-x64 package (its path is baked into this assembly by the csproj),
/// run offline on the repository's infra/.
/// </summary>
internal static class Bicep
{
    public static string InfraDirectory { get; } = Path.Combine(SolutionPaths.Root, "infra");

    public static string MainTemplate { get; } = Path.Combine(InfraDirectory, "main.bicep");

    public static string MainParameters { get; } = Path.Combine(InfraDirectory, "main.bicepparam");

    private static readonly Lazy<string> Executable = new(FindExecutable);

    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static Task<CommandResult> Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(workingDirectory: SolutionPaths.Root, environment, arguments);

    public static Task<CommandResult> Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // The parameters file reads azd's variables: only the ones a test gives count, never the runner's own.
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsAzdVariable).ToDictionary(name => name, string? (_) => null);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        // No telemetry, no update check: the CLI runs offline here.
        variables["BICEP_TELEMETRY_ENABLED"] = "false";

        // The CLI answers in seconds; minutes mean it is stuck (waiting on a network it cannot reach).
        return CommandLine.RunAsync(Executable.Value, arguments, TimeSpan.FromMinutes(5), workingDirectory, variables,
            cancellationToken: TestContext.Current.CancellationToken);
    }

    private static bool IsAzdVariable(string name) =>
        name.StartsWith("AZURE_", StringComparison.Ordinal) || name.StartsWith("BUJJI_", StringComparison.Ordinal) ||
        name.StartsWith("SERVICE_", StringComparison.Ordinal);

    private static string FindExecutable()
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"The Bicep CLI of Azure.Bicep.CommandLine.linux-x64 was not found ('{path}'): restore the package.");
        }

        // NuGet extracts the package without the executable bit.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
