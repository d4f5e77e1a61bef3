using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

internal static class ChatServiceExtensions
{
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPromptBuilding();
        builder.Services.AddScoped<ChatTurn>();
        builder.Services.AddSingleton<ReplyCache>();
        return builder;
    }
}
