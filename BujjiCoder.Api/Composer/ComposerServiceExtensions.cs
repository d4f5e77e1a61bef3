using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Composer;

internal static class ComposerServiceExtensions
{
    public static IHostApplicationBuilder AddComposer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPromptBuilding();
        return builder;
    }
}
