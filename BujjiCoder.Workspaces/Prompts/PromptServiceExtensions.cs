namespace BujjiCoder.Workspaces.Prompts;

public static class PromptServiceExtensions
{
    /// <summary>
    /// One <see cref="TokenCounter"/> for the process (its vocabulary is expensive to load) and a stateless
    /// <see cref="PromptBuilder"/> over it.
    /// </summary>
    public static IServiceCollection AddPromptBuilding(this IServiceCollection services)
    {
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<PromptBuilder>();
        return services;
    }
}
