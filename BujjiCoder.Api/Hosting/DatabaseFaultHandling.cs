using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Hosting;

internal static class DatabaseFaultHandling
{
    /// <summary>
    /// While PostgreSQL is away, requests that need it fail fast with 503 and <c>Retry-After</c> (<see cref="DatabaseCircuit"/>,
    /// <see cref="DatabaseUnavailableExceptionHandler"/>); the connect timeout and retries are the Data layer's
    /// (<c>Database:ConnectTimeoutSeconds</c>, <c>Database:MaxRetries</c>).
    /// </summary>
    public static IHostApplicationBuilder AddDatabaseFaultHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseCircuitOptions>().BindConfiguration(DatabaseCircuitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DatabaseCircuit>();
        builder.Services.AddSingleton<DatabaseMetrics>();
        // Only the PostgreSQL context: SQLite is a file beside the process, there is no server to be away.
        builder.Services.ConfigureDbContext<PostgresBujjiDbContext>(
            (services, db) => db.AddInterceptors(services.GetRequiredService<DatabaseCircuit>()), ServiceLifetime.Singleton);
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        return builder;
    }
}
