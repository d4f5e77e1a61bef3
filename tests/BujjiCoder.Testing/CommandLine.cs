using System.Diagnostics;
using System.Text;

namespace BujjiCoder.Testing;

/// <summary>How a command ended: its exit code, what it wrote to standard output and to standard error, and how long it took.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    // For assertion messages: tools say what went wrong on standard error, so it comes first.
    public override string ToString() => $"exit code {ExitCode}\n{Error}\n{Output}";
}

/// <summary>
/// Command-line tools (docker, bicep, node, dotnet, the deploy scripts) run to completion the way an operator runs them,
/// from the repository root unless told otherwise. Every run has a deadline: a tool stuck on the shared Docker engine or a
/// prompt would otherwise hang the whole test run without a word.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs <paramref name="fileName"/> with the arguments and returns how it ended, whatever that was.</summary>
    /// <param name="environment">Set on top of the test run's own variables; a null value removes the variable.</param>
    /// <param name="standardInput">Written to the process, then its standard input is closed.</param>
    /// <param name="echo">Copies each line to the test output as it comes, so a run of minutes shows where it is.</param>
    /// <param name="errorIntoOutput">
    /// Interleaves standard error into <see cref="CommandResult.Output"/> as a terminal shows them (<c>2&gt;&amp;1</c>), for
    /// scripts that report on both.
    /// </param>
    /// <exception cref="TimeoutException">The process ran past <paramref name="timeout"/>; it and its children were killed.</exception>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        bool echo = false,
        bool errorIntoOutput = false,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? SolutionPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var error = errorIntoOutput ? output : new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // Returns only once both streams are read to their end too, so nothing printed last is lost.
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Scripts leave children (docker-compose, node workers) that would outlive a kill of the script alone.
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            var printed = errorIntoOutput ? Text(output) : $"{Text(error)}\n{Text(output)}";
            throw new TimeoutException(
                $"`{fileName} {string.Join(' ', start.ArgumentList)}` did not finish within {timeout} and was killed:\n{printed}");
        }

        return new CommandResult(process.ExitCode, Text(output), errorIntoOutput ? string.Empty : Text(error), stopwatch.Elapsed);

        void Append(StringBuilder builder, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (builder)
            {
                builder.AppendLine(line);
            }

            if (echo)
            {
                Console.WriteLine($"  | {line}");
            }
        }
    }

    /// <summary>Runs a command that must succeed and returns its standard output; throws with all it wrote when it fails.</summary>
    public static async Task<string> ReadAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, timeout, cancellationToken: cancellationToken);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` exited with {result.ExitCode}:\n{result.Error}\n{result.Output}");
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
