using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>
/// The Api with registration open and small workspace limits, so limit tests need kilobytes rather than
/// megabytes. One per database: every workspace file test runs against both.
/// </summary>
public abstract class WorkspaceHost : IAsyncLifetime
{
    public const long MaxFileBytes = 256 * 1024;
    public const int MaxFiles = 300;
    public const int MaxArchiveEntries = 400;
    public const long SynchronousImportMaxBytes = 32 * 1024;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:RegistrationMode"] = "Open",
        ["Workspaces:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspaces:MaxFilesPerWorkspace"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspaces:MaxWorkspaceBytes"] = (8L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspaces:MaxArchiveEntries"] = MaxArchiveEntries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspaces:MaxUploadBytes"] = (4L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workspaces:CompressionRatioCheckAfterBytes"] = "65536",
        ["Workspaces:SynchronousImportMaxBytes"] = SynchronousImportMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public abstract ServiceFactory<Program> Factory { get; }

    public abstract ValueTask InitializeAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class PostgresWorkspaceHost(TestInfrastructure infrastructure) : WorkspaceHost
{
    private PostgresApiHost? _host;
    private WorkerHost? _worker;

    public override ServiceFactory<Program> Factory => _host?.Factory ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        _host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: Settings);
        _worker = await WorkerHost.BesideAsync(_host, infrastructure, Settings);
    }

    public override async ValueTask DisposeAsync()
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

public sealed class SqliteWorkspaceHost : WorkspaceHost
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-files");
    private ServiceFactory<Program>? _factory;
    private WorkerHost? _worker;

    public override ServiceFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The Api and a Worker share the SQLite file, as the AppHost's embedded mode runs them.</summary>
    public override async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Database:DataDirectory"] = _directory.Path };
        _factory = new ServiceFactory<Program>("Testing", settings);
        _ = _factory.Services;
        _worker = await WorkerHost.StartAsync(settings);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
