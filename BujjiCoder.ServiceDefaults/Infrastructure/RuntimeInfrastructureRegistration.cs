using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace BujjiCoder.ServiceDefaults.Infrastructure;

public static class RuntimeInfrastructureRegistration
{
    /// <summary>
    /// Connection string names the AppHost (or the operator) provides. BujjiCoder.Data reads the database's under the
    /// same name; here it only names the setting in error messages.
    /// </summary>
    public const string DatabaseConnectionName = "bujjidb";
    public const string CacheConnectionName = "cache";

    /// <summary>
    /// Registers the cache by what configuration provides (<c>ConnectionStrings:cache</c> means Redis behind HybridCache,
    /// otherwise memory only, with the <c>cache</c> health check) and what this process runs on. The database is
    /// registered by the caller (BujjiCoder.Data's <c>AddBujjiDatabase</c>, which hands back what it chose), so that
    /// hosting knows no database and the data layer no cache.
    /// </summary>
    public static IHostApplicationBuilder AddRuntimeInfrastructure(this IHostApplicationBuilder builder, (string Provider, string? SqlitePath) database)
    {
        builder.Services.AddOptions<DeploymentOptions>()
            .BindConfiguration(DeploymentOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();

        var cache = builder.AddCache(CacheConnectionName);

        var mode = database.SqlitePath is not null
            ? RuntimeInfrastructure.EmbeddedMode
            : builder.Configuration["Infrastructure:Mode"] is { Length: > 0 } label ? label : "server";

        builder.Services.AddSingleton(new RuntimeInfrastructure(mode, database.Provider, cache, database.SqlitePath));

        // Npgsql traces its own commands (through the Aspire integration), so EF Core's instrumentation is for SQLite only:
        // registered beside Npgsql it looked up the provider's name by reflection for every command only to drop the span.
        if (database.SqlitePath is not null)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        }

        return builder;
    }
}
