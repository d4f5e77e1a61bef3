using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// The Api on PostgreSQL and Redis as the OWASP authorization tests need it: open registration, a bootstrapped
/// administrator, one model on a provider that is never called (every attack is refused before any LLM call),
/// and the small workspace limits of <see cref="WorkspaceHost"/> so a 40 KB upload becomes an import job.
/// </summary>
public sealed class AuthorizationSuiteHost(TestInfrastructure infrastructure) : IAsyncLifetime
{
    public const string Provider = "fake";
    public const string Model = "fake-small";

    private PostgresApiHost? _host;
    private WorkerHost? _worker;

    public ServiceFactory<Program> Factory => _host?.Factory ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        _host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: new Dictionary<string, string?>(WorkspaceHost.Settings)
        {
            ["Auth:RegistrationMode"] = "Open",
            ["Auth:Bootstrap:AdminEmail"] = AdminHost.AdminEmail,
            ["Auth:Bootstrap:AdminPassword"] = AdminHost.AdminPassword,
            [$"Llm:Providers:{Provider}:Kind"] = "OpenAICompatible",
            [$"Llm:Providers:{Provider}:Endpoint"] = "https://llm.example.test/v1",
            [$"Llm:Providers:{Provider}:ApiKey"] = "sk-suite-server-key-0000",
            ["Llm:Models:0:Id"] = Model,
            ["Llm:Models:0:Provider"] = Provider,
            ["Llm:DefaultModel"] = Model,
        }, configureServices: ClientAddress.Add);
        // The scene's import job needs a Worker to run it.
        _worker = await WorkerHost.BesideAsync(_host, infrastructure, WorkspaceHost.Settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
