using BujjiCoder.Testing.FakeLlm;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// A class fixture: the fake LLM server on loopback and the Api on PostgreSQL with settings that point a provider at
/// it. Subclasses give the settings (catalogue, registration, limits) and any services of their own.
/// </summary>
public abstract class FakeLlmApiHost(TestInfrastructure infrastructure) : IAsyncLifetime
{
    private PostgresApiHost? _host;

    public FakeLlmServer Llm { get; private set; } = null!;

    public ServiceFactory<Program> Factory => _host?.Factory ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The fake's OpenAI-compatible base URL, for a provider's <c>Endpoint</c>.</summary>
    protected string LlmEndpoint => new Uri(Llm.BaseUrl, "v1").ToString();

    public async ValueTask InitializeAsync()
    {
        Llm = await FakeLlmServer.StartAsync();
        _host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: Settings(), configureServices: ConfigureServices);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract IReadOnlyDictionary<string, string?> Settings();

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
