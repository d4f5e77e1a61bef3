using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.IntegrationTests.Faults;

/// <summary>
/// The Api as a real process (<c>dotnet BujjiCoder.Api.dll</c>) on a free loopback port, for tests that kill a replica the
/// hard way: an in-process host can only be stopped politely.
/// </summary>
internal sealed class ApiReplicaProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private ApiReplicaProcess(ServerProcess process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string Output => _process.Output;

    public static async Task<ApiReplicaProcess> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var port = LocalServers.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var process = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/') });
        try
        {
            using var client = new HttpClient { BaseAddress = baseUrl };
            await process.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
            return new ApiReplicaProcess(process, baseUrl);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill: requests in flight get a reset, nothing is finished.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
