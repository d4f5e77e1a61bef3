using BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.Worker.Usage;

internal static class UsageRollupExtensions
{
    public static IHostApplicationBuilder AddUsageRollups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UsageRollupOptions>()
            .BindConfiguration(UsageRollupOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UsageRollupJob>();
        builder.Services.AddSingleton<IScheduledJob>(services => services.GetRequiredService<UsageRollupJob>());
        return builder;
    }
}
