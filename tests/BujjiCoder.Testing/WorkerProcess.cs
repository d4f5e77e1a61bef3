using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.Testing;

/// <summary>
/// The Worker as a real process (<c>dotnet BujjiCoder.Worker.dll</c>) on a free port, for tests that need one beside an
/// Api process, or that stop one the hard way. Its environment must name the database (<c>ConnectionStrings__bujjidb</c>).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private WorkerProcess(ServerProcess process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>Its log so far, for failure messages.</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts it and waits until it is ready: the schema is current (the Api migrates it) and its checks pass.</summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var port = LocalServers.FreePort();
        var all = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        var process = ServerProcess.StartProject("BujjiCoder.Worker", [], all);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await process.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, timeout ?? TimeSpan.FromSeconds(90));
            return new WorkerProcess(process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as a crash would stop it: no lease released, no transaction finished.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM (a graceful stop: the host's stopping token fires), then kill if it hangs.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
