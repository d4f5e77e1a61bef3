namespace BujjiCoder.Api.Llm;

internal static class ProviderConcurrencyRegistration
{
    /// <summary>Per-provider bulkheads around every model call (<see cref="ProviderConcurrencyChatClient"/>), validated at start.</summary>
    public static IHostApplicationBuilder AddProviderConcurrency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProviderConcurrencyOptions>().BindConfiguration(ProviderConcurrencyOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ProviderConcurrencyMetrics>();
        builder.Services.AddSingleton<ProviderConcurrency>();
        return builder;
    }
}
