using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Uploads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Import;

public static class ImportServiceExtensions
{
    /// <summary>
    /// What importing an archive needs, in the Api (synchronous imports, storing jobs) and in a Worker (running them):
    /// the workspace limits (<c>Workspaces</c>), the store, the importer, stored uploads and upload scanning.
    /// </summary>
    public static IHostApplicationBuilder AddWorkspaceImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceLimits>().BindConfiguration(WorkspaceLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<WorkspaceStore>();
        builder.Services.AddScoped<WorkspaceImporter>();
        builder.Services.AddScoped<ImportUploads>();
        builder.Services.TryAddSingleton<ImportMetrics>();
        builder.Services.AddHostedService<AbandonedUploadCleanup>();
        builder.AddUploadScanning();
        return builder;
    }
}
