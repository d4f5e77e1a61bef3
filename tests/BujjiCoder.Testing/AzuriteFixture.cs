namespace BujjiCoder.Testing;

/// <summary>
/// One Azurite for the whole test run, started by the first test that asks for it (an xunit assembly fixture, so runs
/// without blob storage tests never start it) and stopped when the run ends.
/// </summary>
public sealed class AzuriteFixture : IAsyncDisposable
{
    private readonly Lazy<Task<AzuriteServer>> _server = new(AzuriteServer.StartAsync);

    public Task<AzuriteServer> GetAsync() => _server.Value;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await _server.Value.Result.DisposeAsync();
        }
    }
}
