namespace BujjiCoder.Worker.Heartbeat;

internal static class HeartbeatExtensions
{
    public static IHostApplicationBuilder AddHeartbeat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HeartbeatOptions>()
            .BindConfiguration(HeartbeatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HeartbeatState>();
        builder.Services.AddHostedService<HeartbeatService>();
        builder.Services.AddHealthChecks().AddCheck<HeartbeatHealthCheck>("heartbeat");
        return builder;
    }
}
