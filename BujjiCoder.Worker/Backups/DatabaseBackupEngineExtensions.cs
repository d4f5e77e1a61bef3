using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BujjiCoder.Worker.Backups;

internal static class DatabaseBackupEngineExtensions
{
    /// <summary>
    /// The database side of backups: <see cref="IDatabaseBackupEngine"/> for the service's database, and
    /// <see cref="DatabaseBackupEngines"/> for restores elsewhere. Safe to call more than once.
    /// </summary>
    public static IHostApplicationBuilder AddDatabaseBackupEngines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseEngineOptions>().BindConfiguration(DatabaseEngineOptions.SectionName);
        builder.Services.TryAddSingleton<DatabaseBackupEngines>();
        builder.Services.TryAddSingleton(services => services.GetRequiredService<DatabaseBackupEngines>().Service);
        return builder;
    }
}
