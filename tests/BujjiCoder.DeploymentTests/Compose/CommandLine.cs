using System.Diagnostics;
using System.Text;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>What a finished command printed (standard output and error interleaved, as an operator sees them) and its exit code.</summary>
public sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>Runs docker, docker-compose and deploy.sh as an operator's shell would, echoing their lines to the test output.</summary>
internal static class CommandLine
{
    public static async Task<CommandResult> RunAsync(
        string command, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = SolutionPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            Console.WriteLine($"  | {line}");
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append($"(killed after {stopwatch.Elapsed.TotalSeconds:F0} s)");
        }

        lock (output)
        {
            return new CommandResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
        }
    }

    /// <summary>Runs a command that must succeed and returns its trimmed output.</summary>
    public static async Task<string> ReadAsync(string command, params string[] arguments)
    {
        var result = await RunQuietAsync(command, arguments);
        return result.ExitCode == 0
            ? result.Output.Trim()
            : throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
    }

    /// <summary>Like <see cref="RunAsync"/> without echoing: for the many small docker inspect calls.</summary>
    public static async Task<CommandResult> RunQuietAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CommandResult(process.ExitCode, await stdout + await stderr, stopwatch.Elapsed);
    }
}
