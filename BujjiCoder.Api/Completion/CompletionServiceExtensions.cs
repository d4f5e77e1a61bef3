using BujjiCoder.Workspaces.Completion;

namespace BujjiCoder.Api.Completion;

internal static class CompletionServiceExtensions
{
    public static IHostApplicationBuilder AddCompletion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SymbolCandidates>();
        builder.Services.AddScoped<LlmSuggestion>();
        return builder;
    }
}
