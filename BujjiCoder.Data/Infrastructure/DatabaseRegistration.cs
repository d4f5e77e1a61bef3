using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Data.Infrastructure;

public static class DatabaseRegistration
{
    /// <summary>Connection string name the AppHost (or the operator) provides.</summary>
    public const string ConnectionName = "bujjidb";

    public const string PostgreSql = "postgresql";
    public const string Sqlite = "sqlite";

    /// <summary>
    /// Registers the database by what configuration provides: <c>ConnectionStrings:bujjidb</c> means PostgreSQL,
    /// otherwise a SQLite file. The <c>database</c> health check comes with it. Returns which one it chose, and the
    /// SQLite file, for the host to report (ServiceDefaults' <c>AddRuntimeInfrastructure</c>).
    /// </summary>
    public static (string Provider, string? SqlitePath) AddBujjiDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            // The Aspire integration brings pooling, Npgsql tracing and metrics; retries and timeouts are ours (DatabaseOptions).
            var outage = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
            builder.AddNpgsqlDbContext<PostgresBujjiDbContext>(ConnectionName, settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableRetry = true;
                settings.ConnectionString = WithConnectTimeout(settings.ConnectionString, outage.ConnectTimeoutSeconds);
            }, db => db.UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(outage.MaxRetries, MaxRetryDelay, errorCodesToAdd: null)));
            builder.Services.AddScoped<BujjiDbContext>(services => services.GetRequiredService<PostgresBujjiDbContext>());
            builder.AddDatabaseHealthCheck();
            return (PostgreSql, null);
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
        builder.Services.AddSingleton(new SqliteFile(path));
        builder.AddDatabaseHealthCheck();
        return (Sqlite, path);
    }

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The connection string with <paramref name="seconds"/> as its connect timeout, unless it sets one itself.</summary>
    private static string? WithConnectTimeout(string? connectionString, int seconds)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        // The plain builder keeps only the keys the string has (Npgsql's own answers for every key it knows).
        if (new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Timeout"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = seconds }.ConnectionString;
    }

    private static void AddDatabaseHealthCheck(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks().AddDbContextCheck<BujjiDbContext>("database");
}

/// <summary>Where the SQLite database lives, when it is SQLite.</summary>
internal sealed record SqliteFile(string Path);
