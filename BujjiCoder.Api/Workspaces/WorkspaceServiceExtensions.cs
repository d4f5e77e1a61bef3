using BujjiCoder.Api.Uploads;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Api.Workspaces.Import;
using BujjiCoder.Api.Workspaces.Search;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Api.Workspaces;

internal static class WorkspaceServiceExtensions
{
    public static IHostApplicationBuilder AddWorkspaces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceLimits>().BindConfiguration(WorkspaceLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<WorkspaceAccessor>();
        builder.Services.AddScoped<WorkspaceStore>();
        builder.Services.AddScoped<WorkspaceImporter>();
        builder.Services.AddScoped<CodeSearch>();
        builder.Services.AddSingleton<ImportJobQueue>();
        builder.Services.AddHostedService<ImportJobRunner>();
        builder.AddUploadScanning();
        return builder;
    }
}
