using System.Diagnostics;
using System.Text;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The docker CLI, run to completion: the engine is shared by everyone on the machine, so tests talk to it the way an
/// operator would and name everything they create (img- prefix) so nothing of another's is touched.
/// </summary>
public static class Docker
{
    /// <summary>Runs <c>docker</c> with the arguments; throws with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(params string[] arguments) => (await TryRunAsync(arguments).ConfigureAwait(false)).OrThrow();

    /// <summary>Runs <c>docker</c> with the arguments and returns how it ended, whatever that was.</summary>
    public static Task<CommandResult> TryRunAsync(params string[] arguments) =>
        Command.RunAsync("docker", arguments, timeout: TimeSpan.FromMinutes(30));

    /// <summary>A Go template of <c>docker inspect</c> over an image or container.</summary>
    public static async Task<string> InspectAsync(string target, string format) =>
        (await RunAsync("inspect", "--format", format, target).ConfigureAwait(false)).Trim();
}

/// <summary>How a command ended: exit code and everything it wrote.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public string OrThrow() => Succeeded
        ? Output
        : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}:\n{Error}\n{Output}");
}

/// <summary>Runs a process to completion with its output captured, killing it (and its children) past the timeout.</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? SolutionPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var display = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {display}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{display}` did not finish within {timeout}:\n{error}\n{output}");
        }

        // The asynchronous readers may still hold the last lines until the streams close.
        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return new CommandResult(display, process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }
}
