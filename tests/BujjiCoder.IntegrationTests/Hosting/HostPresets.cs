using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The combinations of <see cref="TestHost"/> that suites share, by name. A test that needs one more setting adds it to
/// the preset's builder; a combination only one test uses is written in that test.
/// </summary>
public static class HostPresets
{
    /// <summary>Open registration and an administrator named in configuration, requests from <see cref="ClientAddress"/>.</summary>
    public static TestHost BootstrappedAdmin(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure).WithOpenRegistration().WithBootstrappedAdmin().WithClientAddress();

    /// <summary>The same, with registration by invitation only.</summary>
    public static TestHost InviteOnly(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure).WithRegistration("Invite").WithBootstrappedAdmin().WithClientAddress();

    /// <summary>
    /// Open registration and small workspace limits (<see cref="WorkspaceHost"/>), so limit tests need kilobytes rather
    /// than megabytes and a 40 KB upload becomes an import job.
    /// </summary>
    public static TestHost SmallWorkspaces(TestHost on) => on.WithOpenRegistration().WithSettings(new Dictionary<string, string?>
    {
        ["Workspaces:MaxFileBytes"] = WorkspaceHost.MaxFileBytes.ToString(CultureInfo.InvariantCulture),
        ["Workspaces:MaxFilesPerWorkspace"] = WorkspaceHost.MaxFiles.ToString(CultureInfo.InvariantCulture),
        ["Workspaces:MaxWorkspaceBytes"] = (8L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        ["Workspaces:MaxArchiveEntries"] = WorkspaceHost.MaxArchiveEntries.ToString(CultureInfo.InvariantCulture),
        ["Workspaces:MaxUploadBytes"] = (4L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        ["Workspaces:CompressionRatioCheckAfterBytes"] = "65536",
        ["Workspaces:SynchronousImportMaxBytes"] = WorkspaceHost.SynchronousImportMaxBytes.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// Small workspace limits and upload scanning through the run's real clamd, with a Worker beside the Api: import jobs
    /// are scanned by the Worker that runs them.
    /// </summary>
    public static TestHost Scanning(TestInfrastructure infrastructure, ClamdFixture clamd) =>
        SmallWorkspaces(TestHost.Postgres(infrastructure)).WithClamAv(clamd).WithWorker();

    /// <summary>
    /// As the OWASP authorization suites need it: small workspace limits, a bootstrapped administrator, requests from
    /// <see cref="ClientAddress"/>, one model on a provider that is never called (every attack is refused before any
    /// LLM call), and a Worker to run the scene's import job.
    /// </summary>
    public static TestHost AuthorizationSuite(TestInfrastructure infrastructure) =>
        SmallWorkspaces(TestHost.Postgres(infrastructure))
            .WithBootstrappedAdmin()
            .WithProvider(AuthorizationSuiteHost.Provider, "https://llm.example.test/v1", "sk-suite-server-key-0000")
            .With("Llm:Models:0:Id", AuthorizationSuiteHost.Model)
            .With("Llm:Models:0:Provider", AuthorizationSuiteHost.Provider)
            .With("Llm:DefaultModel", AuthorizationSuiteHost.Model)
            .WithClientAddress()
            .WithWorker();

    /// <summary>
    /// Open registration, a bootstrapped administrator, a catalogue of two models (one for admins only) on a provider that
    /// is never called, and every log record kept, so tests can prove a secret never reaches a log.
    /// </summary>
    public static TestHost Assistant(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithBootstrappedAdmin()
            .WithProvider("fake", "https://llm.example.test/v1", "sk-server-key-canary-000000")
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = "fake-small",
                ["Llm:Models:0:Provider"] = "fake",
                ["Llm:Models:0:InputPricePerMillion"] = "0.15",
                ["Llm:Models:0:OutputPricePerMillion"] = "0.60",
                ["Llm:Models:1:Id"] = "fake-large",
                ["Llm:Models:1:Provider"] = "fake",
                ["Llm:Models:1:Roles:0"] = "Admin",
                ["Llm:DefaultModel"] = "fake-small",
            })
            .CollectLogs();

    /// <summary>Open registration, two models served by the fake LLM server, quick retries, and every log record kept.</summary>
    public static TestHost Chat(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithFakeLlm("chatfake", ChatHost.ServerKey)
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = "chat-model",
                ["Llm:Models:0:Provider"] = "chatfake",
                ["Llm:Models:0:UpstreamModel"] = "upstream-chat",
                ["Llm:Models:0:ContextWindow"] = "16000",
                ["Llm:Models:0:MaxOutputTokens"] = "1000",
                ["Llm:Models:0:InputPricePerMillion"] = "0.15",
                ["Llm:Models:0:OutputPricePerMillion"] = "0.60",
                ["Llm:Models:1:Id"] = "cached-model",
                ["Llm:Models:1:Provider"] = "chatfake",
                ["Llm:Models:1:Temperature"] = "0",
                ["Llm:Models:1:InputPricePerMillion"] = "1",
                ["Llm:Models:1:OutputPricePerMillion"] = "2",
                ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
            })
            .CollectLogs();

    /// <summary>
    /// Open registration and a chat model served by the fake LLM server (1 USD per million input tokens, 2 per million
    /// output). The provider has a name of its own: circuit breakers are per provider name and process-wide, and the
    /// metered-call tests make the provider fail on purpose.
    /// </summary>
    public static TestHost MeteredCall(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithFakeLlm(MeteredCallHost.Provider, "sk-metered-server-key-0000")
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = MeteredCallHost.Model,
                ["Llm:Models:0:Provider"] = MeteredCallHost.Provider,
                ["Llm:Models:0:InputPricePerMillion"] = "1",
                ["Llm:Models:0:OutputPricePerMillion"] = "2",
                ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
            });

    /// <summary>
    /// Open registration and a completion model served by the fake LLM server. The provider has a name of its own: circuit
    /// breakers are per provider name and process-wide, so other classes' failures must not open this one.
    /// </summary>
    public static TestHost Completion(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithFakeLlm("completionfake", "sk-completion-server-key-0000")
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = CompletionHost.Model,
                ["Llm:Models:0:Provider"] = "completionfake",
                ["Llm:Models:0:UpstreamModel"] = "upstream-complete",
                ["Llm:Models:0:InputPricePerMillion"] = "1",
                ["Llm:Models:0:OutputPricePerMillion"] = "2",
                ["Llm:CompletionModel"] = CompletionHost.Model,
                ["Llm:Resilience:MaxRetries"] = "2",
                ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
            });

    /// <summary>
    /// A bootstrapped administrator, one model served by the fake LLM server (also the completion model; 1 USD per million
    /// input tokens, 2 per million output, so a call costs input + 2 × output micro-dollars), role budgets for User
    /// (10,000 tokens and 0.50 USD a day, 50,000 and 2 USD a month) and Guest (20,000 tokens a day), Admin unlimited, and a
    /// clock the tests move. On either database: the day and month sums are other SQL on each.
    /// </summary>
    public static TestHost Budget(TestHost on) =>
        on.WithOpenRegistration()
            .WithBootstrappedAdmin()
            .WithFakeLlm("budgetfake", "sk-budget-server-key-0000")
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = BudgetHost.Model,
                ["Llm:Models:0:Provider"] = "budgetfake",
                ["Llm:Models:0:InputPricePerMillion"] = "1",
                ["Llm:Models:0:OutputPricePerMillion"] = "2",
                ["Llm:CompletionModel"] = BudgetHost.Model,
                ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
                ["Budgets:Roles:User:DailyTokens"] = "10000",
                ["Budgets:Roles:User:MonthlyTokens"] = "50000",
                ["Budgets:Roles:User:DailyCostUsd"] = "0.5",
                ["Budgets:Roles:User:MonthlyCostUsd"] = "2",
                ["Budgets:Roles:Guest:DailyTokens"] = "20000",
            })
            .WithClock(BudgetClock());

    /// <summary>Open registration, a bootstrapped administrator and one model served by the fake LLM server.</summary>
    public static TestHost Injection(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithBootstrappedAdmin()
            .WithFakeLlm(InjectionHost.Provider, "sk-injection-server-key-0000")
            .With("Llm:Models:0:Id", "inj-model")
            .With("Llm:Models:0:Provider", InjectionHost.Provider);

    /// <summary>One allowed CORS origin.</summary>
    public static TestHost Cors(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure).With("Http:CorsOrigins:0", CorsHost.AllowedOrigin);

    /// <summary>Open registration on a real Kestrel listener, with the shipped request limits.</summary>
    public static TestHost RequestLimits(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure).WithOpenRegistration().OverKestrel();

    /// <summary>
    /// Open registration with the rate limiter on (test hosts have it off), requests from <see cref="ClientAddress"/>, and
    /// generous defaults that a test narrows. Hosts given one <paramref name="keyPrefix"/> share their counts in Redis.
    /// </summary>
    public static TestHost RateLimited(TestInfrastructure infrastructure, string? keyPrefix = null) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithSettings(new Dictionary<string, string?>
            {
                ["RateLimiting:Enabled"] = "true",
                ["RateLimiting:KeyPrefix"] = keyPrefix ?? $"test:{Guid.NewGuid():N}:",
                ["RateLimiting:Anonymous:PermitLimit"] = "1000",
                ["RateLimiting:Groups:auth:PermitLimit"] = "1000",
            })
            .WithClientAddress();

    /// <summary>
    /// The 10th of this month at 23:50 UTC, so "earlier this month" exists and midnight is minutes away (access tokens
    /// live 15 minutes). Only the midnight test moves it, a few seconds past midnight.
    /// </summary>
    private static FakeTimeProvider BudgetClock()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, 10, 23, 50, 0, TimeSpan.Zero));
    }

    /// <summary>
    /// The Api over Kestrel with a management port, a bootstrapped administrator, two models on a fake LLM provider of its
    /// own (one at temperature 0, so cached) and a short lockout threshold: what the metrics and provider status tests read.
    /// </summary>
    public static TestHost Metrics(TestInfrastructure infrastructure) =>
        TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithBootstrappedAdmin()
            .WithFakeLlm(MetricsHost.Provider, "sk-metrics-server-key-0000")
            .WithManagementPort()
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = MetricsHost.Model,
                ["Llm:Models:0:Provider"] = MetricsHost.Provider,
                ["Llm:Models:0:InputPricePerMillion"] = "1",
                ["Llm:Models:0:OutputPricePerMillion"] = "2",
                ["Llm:Models:1:Id"] = MetricsHost.CachedModel,
                ["Llm:Models:1:Provider"] = MetricsHost.Provider,
                ["Llm:Models:1:Temperature"] = "0",
                ["Llm:DefaultModel"] = MetricsHost.Model,
                ["Auth:Lockout:MaxFailedAttempts"] = MetricsHost.MaxFailedAttempts.ToString(CultureInfo.InvariantCulture),
            });
}
