using BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.Worker.Retention;

internal static class RetentionExtensions
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddSingleton<IScheduledJob>(services => services.GetRequiredService<RetentionService>());
        return builder;
    }
}
