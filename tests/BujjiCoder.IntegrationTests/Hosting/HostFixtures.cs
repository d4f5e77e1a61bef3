namespace BujjiCoder.IntegrationTests.Hosting;

// Class fixtures: xunit needs a type per shared host, so each names a preset (and the values its tests read), and xunit
// builds it once for the classes that use it. Hosts for a single test are built in the test with TestHost.

/// <summary>The Api in server mode with nothing added.</summary>
public sealed class PostgresApiHost(TestInfrastructure infrastructure) : ApiHost(TestHost.Postgres(infrastructure));

/// <summary>The Api in embedded mode with nothing added.</summary>
public sealed class SqliteApiHost() : ApiHost(TestHost.Sqlite());

public sealed class BootstrappedAdminHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.BootstrappedAdmin(infrastructure));

public sealed class InviteOnlyHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.InviteOnly(infrastructure));

/// <summary>
/// The Api with small workspace limits and a Worker beside it to run import jobs, once per database: every workspace file
/// test runs against both.
/// </summary>
public abstract class WorkspaceHost(TestHost recipe) : ApiHost(recipe)
{
    public const long MaxFileBytes = 256 * 1024;
    public const int MaxFiles = 300;
    public const int MaxArchiveEntries = 400;
    public const long SynchronousImportMaxBytes = 32 * 1024;
}

public sealed class PostgresWorkspaceHost(TestInfrastructure infrastructure) : WorkspaceHost(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure)).WithWorker());

public sealed class SqliteWorkspaceHost() : WorkspaceHost(HostPresets.SmallWorkspaces(TestHost.Sqlite()).WithWorker());

public sealed class ScanningApiHost(TestInfrastructure infrastructure, ClamdFixture clamd) : ApiHost(HostPresets.Scanning(infrastructure, clamd));

public sealed class AuthorizationSuiteHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.AuthorizationSuite(infrastructure))
{
    public const string Provider = "fake";
    public const string Model = "fake-small";
}

public sealed class AssistantHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Assistant(infrastructure));

public sealed class ChatHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Chat(infrastructure))
{
    public const string ServerKey = "sk-chat-server-key-0000";
}

public sealed class MeteredCallHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.MeteredCall(infrastructure))
{
    public const string Model = "metered-model";
    public const string Provider = "meteredfake";
}

public sealed class CompletionHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Completion(infrastructure))
{
    public const string Model = "complete-model";
}

public sealed class BudgetHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Budget(TestHost.Postgres(infrastructure)))
{
    public const string Model = "budget-model";
}

public sealed class SqliteBudgetHost() : ApiHost(HostPresets.Budget(TestHost.Sqlite()));

public sealed class InjectionHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Injection(infrastructure))
{
    public const string Provider = "injfake";
}

public sealed class CorsHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Cors(infrastructure))
{
    public const string AllowedOrigin = "https://app.example.test";
}

/// <summary>The Api on a real Kestrel listener: body sizes and header limits are Kestrel's, and only a real server enforces them.</summary>
public sealed class KestrelApiHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.RequestLimits(infrastructure));

public sealed class MetricsHost(TestInfrastructure infrastructure) : ApiHost(HostPresets.Metrics(infrastructure))
{
    public const string Provider = "metricsfake";
    public const string Model = "metrics-model";
    public const string CachedModel = "metrics-cached-model";
    public const int MaxFailedAttempts = 3;
}
