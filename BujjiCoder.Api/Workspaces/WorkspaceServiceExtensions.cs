using BujjiCoder.Api.Workspaces.Import;
using BujjiCoder.Api.Workspaces.Search;
using BujjiCoder.Workspaces.Import;
using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.Api.Workspaces;

internal static class WorkspaceServiceExtensions
{
    public static IHostApplicationBuilder AddWorkspaces(this IHostApplicationBuilder builder)
    {
        builder.AddWorkspaceImport();
        builder.Services.AddScoped<CodeSearch>();
        builder.AddSemanticSearch();
        builder.Services.AddScoped<ImportJobs>();
        builder.Services.AddSingleton<ImportsInProgress>();
        builder.Services.AddSingleton<WorkspaceMemberships>();
        builder.AddEmbeddedSemanticIndexing();
        return builder;
    }
}
