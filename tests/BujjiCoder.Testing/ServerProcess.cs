using System.Diagnostics;
using System.Text;

namespace BujjiCoder.Testing;

/// <summary>A server process owned by a test run: its output is kept for failure messages, and it is stopped on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServerProcess Start(string command, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}."));
    }

    /// <summary>Polls <paramref name="ready"/> until it succeeds, the process dies, or the timeout passes.</summary>
    public async Task WaitUntilReadyAsync(Func<Task<bool>> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception) when (!_process.HasExited)
            {
                // Not accepting connections yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{_process.StartInfo.FileName} was not ready after {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code, with all its output read.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        // The parameterless wait also waits until the redirected output has been read to its end.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Starts a built project of the solution (<c>dotnet {project}.dll</c>) from its own output directory, so it finds its appsettings.</summary>
    public static ServerProcess StartProject(string project, IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        var assembly = SolutionPaths.ProjectAssembly(project);
        // Semantic indexing embeds every file written, on a core of its own: off unless the caller switches it on, so the
        // tests and benchmarks that run real processes measure what they did before it existed.
        var withDefaults = new Dictionary<string, string?>(environment);
        withDefaults.TryAdd("FeatureManagement__SemanticSearch", "false");
        return Start("dotnet", [assembly, .. arguments], withDefaults, Path.GetDirectoryName(assembly));
    }

    /// <summary>SIGKILL: the process dies where it stands, as in a crash or an out-of-memory kill, with no chance to clean up.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM first, so servers shut down cleanly; then kill.</summary>
    public async ValueTask DisposeAsync()
    {
        // Fixtures that clean up after a failed start are disposed again by the test framework.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
