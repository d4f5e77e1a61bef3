using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Llm;

internal static class LlmServiceExtensions
{
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        builder.Services.AddOptions<OutboundPolicyOptions>().BindConfiguration("Llm:Outbound");
        builder.Services.AddSingleton(services => new OutboundAddressPolicy(services.GetRequiredService<IOptions<OutboundPolicyOptions>>().Value));
        builder.Services.AddSingleton<ServerKeys>();
        builder.Services.AddSingleton<ProviderKeyProtector>();
        builder.Services.AddScoped<LlmConnections>();
        builder.Services.AddOptions<LlmResilienceOptions>().BindConfiguration("Llm:Resilience");
        builder.Services.AddSingleton<LlmMetrics>();
        builder.Services.AddSingleton<ProviderProbe>();
        builder.Services.AddSingleton<ChatClients>();
        builder.AddProviderConcurrency();
        builder.Services.AddScoped<ModelCalls>();
        // A reply's tokens are counted here when the provider does not report them.
        builder.Services.AddPromptBuilding();
        return builder;
    }
}
