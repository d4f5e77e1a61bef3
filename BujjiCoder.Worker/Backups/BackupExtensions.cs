using BujjiCoder.Worker.Scheduling;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

internal static class BackupExtensions
{
    /// <summary>
    /// Backup settings, keys, packing and destinations (also what the <c>restore</c> command uses), and the scheduled
    /// <c>backup</c> job when at least one destination is configured.
    /// </summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>()
            .BindConfiguration(BackupOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BackupKeyRing>();
        builder.Services.AddSingleton<BackupPacker>();

        var options = builder.Configuration.GetSection(BackupOptions.SectionName).Get<BackupOptions>() ?? new BackupOptions();
        if (options.Local.IsConfigured)
        {
            builder.Services.AddSingleton<IBackupDestination, LocalBackupDestination>();
        }

        if (options.Blob.IsConfigured)
        {
            builder.Services.AddSingleton<IBackupDestination, BlobBackupDestination>();
        }

        if (options.HasDestination)
        {
            builder.Services.AddSingleton<BackupMetrics>();
            builder.Services.AddSingleton<BackupJob>();
            builder.Services.AddSingleton<IScheduledJob>(services => services.GetRequiredService<BackupJob>());
        }

        return builder;
    }
}
