namespace BujjiCoder.Testing;

/// <summary>
/// One clamd for the whole test run, started by the first test that asks for it (an xunit assembly fixture, so runs
/// without scanning tests never start it) and stopped when the run ends.
/// </summary>
public sealed class ClamdFixture : IAsyncDisposable
{
    private readonly Lazy<Task<ClamdServer>> _server = new(ClamdServer.StartAsync);

    public Task<ClamdServer> GetAsync() => _server.Value;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await _server.Value.Result.DisposeAsync();
        }
    }
}
