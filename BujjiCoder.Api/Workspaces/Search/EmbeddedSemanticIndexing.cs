using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.Api.Workspaces.Search;

internal static class EmbeddedSemanticIndexing
{
    /// <summary>
    /// The semantic indexer in the Api, for embedded mode: a bare <c>dotnet run --project BujjiCoder.Api</c> on SQLite has
    /// no Worker to keep the index, so the Api runs the Worker's loop itself while none beats. With a server database the
    /// Worker always does it, and this service ends at once.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedSemanticIndexing(this IHostApplicationBuilder builder)
    {
        builder.AddSemanticIndexer();
        builder.Services.AddHostedService<EmbeddedSemanticIndexingService>();
        return builder;
    }
}
