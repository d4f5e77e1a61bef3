using BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.Worker.Retention;

internal static class RetentionExtensions
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.UsageRecomputeWindow =
                configuration.GetValue(RetentionOptions.UsageRecomputeKey, options.UsageRecomputeWindow))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddSingleton<IScheduledJob>(services => services.GetRequiredService<RetentionService>());
        return builder;
    }
}
