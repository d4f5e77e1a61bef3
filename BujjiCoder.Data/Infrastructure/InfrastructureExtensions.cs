using BujjiCoder.Data.Cache;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Data.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>Connection string names the AppHost (or the operator) provides.</summary>
    public const string DatabaseConnectionName = "bujjidb";
    public const string CacheConnectionName = "cache";

    /// <summary>
    /// Registers the database and the cache by what configuration provides: <c>ConnectionStrings:bujjidb</c>
    /// means PostgreSQL, otherwise a SQLite file; <c>ConnectionStrings:cache</c> means Redis behind
    /// HybridCache, otherwise memory only. Health checks <c>database</c> and <c>cache</c> come with them.
    /// </summary>
    public static void AddBujjiInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DeploymentOptions>()
            .BindConfiguration(DeploymentOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();

        var (database, sqlitePath) = builder.AddDatabase();
        var cache = builder.AddBujjiCache(CacheConnectionName);

        var mode = database == RuntimeInfrastructure.Sqlite
            ? RuntimeInfrastructure.EmbeddedMode
            : builder.Configuration["Infrastructure:Mode"] is { Length: > 0 } label ? label : "server";

        builder.Services.AddSingleton(new RuntimeInfrastructure(mode, database, cache, sqlitePath));
    }

    private static (string Provider, string? SqlitePath) AddDatabase(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseConnectionName)))
        {
            // The Aspire integration brings pooling, retries, Npgsql tracing and metrics.
            builder.AddNpgsqlDbContext<PostgresBujjiDbContext>(DatabaseConnectionName, settings => settings.DisableHealthChecks = true);
            builder.Services.AddScoped<BujjiDbContext>(services => services.GetRequiredService<PostgresBujjiDbContext>());
            builder.AddDatabaseHealthCheck();
            return (RuntimeInfrastructure.PostgreSql, null);
        }

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The directory is created by PrepareDatabaseAsync, after configuration has been validated.
        var path = Path.Combine(Path.GetFullPath(options.DataDirectory, builder.Environment.ContentRootPath), "bujji.db");
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = options.SqliteBusyTimeoutSeconds,
        }.ToString();

        builder.Services.AddDbContextPool<SqliteBujjiDbContext>(db => db
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(options.SqliteBusyTimeoutSeconds)));
        builder.Services.AddScoped<BujjiDbContext>(services => services.GetRequiredService<SqliteBujjiDbContext>());
        builder.AddDatabaseHealthCheck();
        return (RuntimeInfrastructure.Sqlite, path);
    }

    private static void AddDatabaseHealthCheck(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks().AddDbContextCheck<BujjiDbContext>("database");
}
