namespace BujjiCoder.Api.Usage;

internal static class UsageServiceExtensions
{
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageRecorder>();
        return builder;
    }
}
