extern alias worker;

using WorkerProgram = worker::Program;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The Worker in process, as a <see cref="TestHost"/> describes it: <c>TestHost.Beside(api)</c> puts it on an Api's
/// database and cache, so a test can run the Api and one or more Worker replicas on one database.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly TestHost _recipe;
    private HostResources? _resources;
    private ServiceFactory<WorkerProgram>? _factory;

    internal WorkerHost(TestHost recipe) => _recipe = recipe;

    public ServiceFactory<WorkerProgram> Factory => _factory ?? throw new InvalidOperationException("Not built yet.");

    public string DatabaseConnectionString => _resources?.DatabaseConnectionString ?? throw new InvalidOperationException("No database server.");

    internal async ValueTask InitializeAsync()
    {
        _resources = await _recipe.PrepareAsync();
        _factory = new ServiceFactory<WorkerProgram>(_recipe.Environment, _resources.Settings, _resources.ConfigureServices);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_resources is not null)
        {
            await _resources.DisposeAsync();
        }
    }
}
