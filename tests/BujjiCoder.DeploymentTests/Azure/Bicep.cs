using System.Diagnostics;
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

    public static Task<BicepResult> Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(workingDirectory: SolutionPaths.Root, environment, arguments);

    public static async Task<BicepResult> Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        arguments.ToList().ForEach(start.ArgumentList.Add);

        // The parameters file reads azd's variables: only the ones a test gives count, never the runner's own.
        foreach (var name in start.Environment.Keys.Where(IsAzdVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        // No telemetry, no update check: the CLI runs offline here.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new BicepResult(process.ExitCode, await output, await error);
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

internal sealed record BicepResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n{Error}\n{Output}";
}
