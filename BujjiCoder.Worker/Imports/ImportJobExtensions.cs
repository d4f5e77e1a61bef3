using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Worker.Imports;

internal static class ImportJobExtensions
{
    /// <summary>Import jobs the Api stored, claimed and run by this replica (<c>Worker:Imports</c>; limits from <c>Workspaces</c>).</summary>
    public static IHostApplicationBuilder AddImportJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportJobOptions>()
            .BindConfiguration(ImportJobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddWorkspaceImport();
        builder.Services.AddScoped<ImportJobLeases>();
        builder.Services.AddHostedService<ImportJobService>();
        return builder;
    }
}
