using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BujjiCoder.Workspaces.Prompts;

public static class PromptServiceExtensions
{
    /// <summary>
    /// One <see cref="TokenCounter"/> for the process (its vocabulary is expensive to load), a stateless
    /// <see cref="PromptBuilder"/> over it, and the <see cref="ContextRetriever"/> (which needs the workspace store and code
    /// search). Every feature that builds prompts or counts tokens calls this; the first call registers them.
    /// </summary>
    public static IServiceCollection AddPromptBuilding(this IServiceCollection services)
    {
        services.TryAddSingleton<TokenCounter>();
        services.TryAddSingleton<PromptBuilder>();
        services.TryAddScoped<ContextRetriever>();
        return services;
    }
}
