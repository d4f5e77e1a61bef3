using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>
/// The Api with open registration, a bootstrapped administrator, a model catalogue and every log record kept
/// (so tests can prove a secret never reaches a log).
/// </summary>
public sealed class AssistantHost(TestInfrastructure infrastructure) : IAsyncLifetime
{
    public const string ServerKey = "sk-server-key-canary-000000";

    private PostgresApiHost? _host;

    public ServiceFactory<Program> Factory => _host?.Factory ?? throw new InvalidOperationException("Not initialised.");

    public LogRecorder Logs { get; } = new();

    public async ValueTask InitializeAsync() =>
        _host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: new Dictionary<string, string?>
        {
            ["Auth:RegistrationMode"] = "Open",
            ["Auth:Bootstrap:AdminEmail"] = AdminHost.AdminEmail,
            ["Auth:Bootstrap:AdminPassword"] = AdminHost.AdminPassword,
            ["Llm:Providers:fake:Kind"] = "OpenAICompatible",
            ["Llm:Providers:fake:Endpoint"] = "https://llm.example.test/v1",
            ["Llm:Providers:fake:ApiKey"] = ServerKey,
            ["Llm:Models:0:Id"] = "fake-small",
            ["Llm:Models:0:Provider"] = "fake",
            ["Llm:Models:0:InputPricePerMillion"] = "0.15",
            ["Llm:Models:0:OutputPricePerMillion"] = "0.60",
            ["Llm:Models:1:Id"] = "fake-large",
            ["Llm:Models:1:Provider"] = "fake",
            ["Llm:Models:1:Roles:0"] = "Admin",
            ["Llm:DefaultModel"] = "fake-small",
        }, configureServices: services => services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace)));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
