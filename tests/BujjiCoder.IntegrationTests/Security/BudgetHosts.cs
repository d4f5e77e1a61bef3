using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>An Api with the budget settings below, its fake provider and its clock.</summary>
public interface IBudgetHost
{
    ServiceFactory<Program> Factory { get; }

    FakeLlmServer Llm { get; }

    FakeTimeProvider Clock { get; }
}

/// <summary>
/// The Api on PostgreSQL with a bootstrapped administrator, one model served by the fake LLM server (also the completion
/// model; 1 USD per million input tokens, 2 per million output, so a call costs input + 2 × output micro-dollars), role
/// budgets for User and Guest (Admin unlimited), and a clock the tests move.
/// </summary>
public sealed class BudgetHost(TestInfrastructure infrastructure) : FakeLlmApiHost(infrastructure), IBudgetHost
{
    public const string Model = "budget-model";
    public const long UserDailyTokens = 10_000;
    public const long UserMonthlyTokens = 50_000;
    public const decimal UserDailyCostUsd = 0.5m;
    public const decimal UserMonthlyCostUsd = 2m;
    public const long GuestDailyTokens = 20_000;

    /// <summary>
    /// Starts on the 10th of this month at 23:50 UTC, so "earlier this month" exists and midnight is minutes away (access
    /// tokens live 15 minutes). Only the midnight test moves it, a few seconds past midnight.
    /// </summary>
    public FakeTimeProvider Clock { get; } = NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings() => Settings(Llm);

    protected override void ConfigureServices(IServiceCollection services) => UseClock(services, Clock);

    /// <summary>
    /// One clock for the whole Api: the services' TimeProvider, and the access-token lifetime check, which otherwise reads
    /// the system clock and would refuse tokens issued on the moved clock. Same rule, other clock: not before and
    /// expiry, each with the configured skew.
    /// </summary>
    public static void UseClock(IServiceCollection services, FakeTimeProvider clock)
    {
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var skew = jwt.TokenValidationParameters.ClockSkew;
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } end && end + skew > now && (notBefore is not { } start || start - skew <= now);
            };
        });
    }

    /// <summary>The catalogue and role budgets, shared with the SQLite host.</summary>
    public static Dictionary<string, string?> Settings(FakeLlmServer llm) => new()
    {
        ["Auth:RegistrationMode"] = "Open",
        ["Auth:Bootstrap:AdminEmail"] = AdminHost.AdminEmail,
        ["Auth:Bootstrap:AdminPassword"] = AdminHost.AdminPassword,
        ["Llm:Providers:budgetfake:Kind"] = "OpenAICompatible",
        ["Llm:Providers:budgetfake:Endpoint"] = new Uri(llm.BaseUrl, "v1").ToString(),
        ["Llm:Providers:budgetfake:ApiKey"] = "sk-budget-server-key-0000",
        ["Llm:Models:0:Id"] = Model,
        ["Llm:Models:0:Provider"] = "budgetfake",
        ["Llm:Models:0:InputPricePerMillion"] = "1",
        ["Llm:Models:0:OutputPricePerMillion"] = "2",
        ["Llm:CompletionModel"] = Model,
        ["Llm:Resilience:BaseDelay"] = "00:00:00.010",
        ["Budgets:Roles:User:DailyTokens"] = UserDailyTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Budgets:Roles:User:MonthlyTokens"] = UserMonthlyTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Budgets:Roles:User:DailyCostUsd"] = "0.5",
        ["Budgets:Roles:User:MonthlyCostUsd"] = "2",
        ["Budgets:Roles:Guest:DailyTokens"] = GuestDailyTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The 10th of this month at 23:50 UTC.</summary>
    public static FakeTimeProvider NewClock()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, 10, 23, 50, 0, TimeSpan.Zero));
    }
}

/// <summary>The same Api in embedded mode (SQLite file, memory cache), where the day and month sums are other SQL.</summary>
public sealed class SqliteBudgetHost : IBudgetHost, IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-budgets");
    private ServiceFactory<Program>? _factory;

    public FakeLlmServer Llm { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = BudgetHost.NewClock();

    public ServiceFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        Llm = await FakeLlmServer.StartAsync();
        var settings = BudgetHost.Settings(Llm);
        settings["Database:DataDirectory"] = _directory.Path;
        _factory = new ServiceFactory<Program>("Testing", settings, services => BudgetHost.UseClock(services, Clock));
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Llm.DisposeAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
