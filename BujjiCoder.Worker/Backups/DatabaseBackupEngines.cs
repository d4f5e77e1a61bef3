using BujjiCoder.Data;
using BujjiCoder.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The engine for the service's own database (the provider configuration chose, as <see cref="DatabaseRegistration"/>
/// decides it: <c>ConnectionStrings:bujjidb</c> means PostgreSQL, otherwise the SQLite file), and engines for any other
/// database a restore names.
/// </summary>
internal sealed class DatabaseBackupEngines(IConfiguration configuration, IServiceProvider services, IOptions<DatabaseEngineOptions> options, ILoggerFactory loggers)
{
    private readonly Lazy<PostgresTools> _tools = new(() => PostgresTools.Find(options.Value.PostgresBinDirectory));

    /// <summary><c>postgresql</c> or <c>sqlite</c>: the kind of the service's database.</summary>
    public string Provider => string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseRegistration.ConnectionName))
        ? DatabaseRegistration.Sqlite
        : DatabaseRegistration.PostgreSql;

    /// <summary>The service's database, as its engine connects to it.</summary>
    public string ConnectionString
    {
        get
        {
            if (Provider == DatabaseRegistration.PostgreSql)
            {
                return configuration.GetConnectionString(DatabaseRegistration.ConnectionName)!;
            }

            // The SQLite file's path is the data layer's to decide (its data directory, relative to the content root).
            using var scope = services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.GetConnectionString()!;
        }
    }

    public IDatabaseBackupEngine Service => For(Provider, ConnectionString);

    /// <summary>The engine for a database of <paramref name="provider"/> at <paramref name="connectionString"/>.</summary>
    public IDatabaseBackupEngine For(string provider, string connectionString) => provider switch
    {
        DatabaseRegistration.PostgreSql => new PostgresBackupEngine(connectionString, _tools.Value, options.Value, loggers.CreateLogger<PostgresBackupEngine>()),
        DatabaseRegistration.Sqlite => new SqliteBackupEngine(connectionString, loggers.CreateLogger<SqliteBackupEngine>()),
        _ => throw new InvalidOperationException($"No backup engine for the database provider '{provider}'."),
    };
}
