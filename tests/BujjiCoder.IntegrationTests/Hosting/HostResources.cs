using BujjiCoder.Testing.FakeLlm;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>What one built service was given and owns: its settings and services, its directory and its stand-ins.</summary>
internal sealed class HostResources : IAsyncDisposable
{
    private TemporaryDirectory? _directory;

    public Dictionary<string, string?> Settings { get; } = [];

    public List<Action<IServiceCollection>> Services { get; } = [];

    public string? DatabaseConnectionString { get; set; }

    public string? DataDirectory { get; set; }

    public FakeLlmServer? Llm { get; set; }

    public LogRecorder? Logs { get; set; }

    public TemporaryDirectory OwnDirectory() => _directory ??= TemporaryDirectory.Create("bujji-sqlite");

    public void Add(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }
    }

    public void ConfigureServices(IServiceCollection services) => Services.ForEach(configure => configure(services));

    public async ValueTask DisposeAsync()
    {
        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        _directory?.Dispose();
    }
}
