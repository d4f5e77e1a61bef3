using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.AppHost.Infrastructure;

internal static partial class ReadyUrls
{
    /// <summary>
    /// Writes "<paramref name="label"/> ready: URL" to the AppHost's console once the resource is healthy, beside the
    /// dashboard's login line, so <c>./run.sh</c> itself says where the app and the Api are.
    /// </summary>
    public static IResourceBuilder<T> WithUrlPrintedWhenReady<T>(this IResourceBuilder<T> resource, string label)
        where T : IResourceWithEndpoints =>
        resource.OnResourceReady((ready, @event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BujjiCoder.AppHost");
            LogReady(logger, label, ready.GetEndpoint("http").Url);
            return Task.CompletedTask;
        });

    [LoggerMessage(LogLevel.Information, "{Label} ready: {Url}")]
    private static partial void LogReady(ILogger logger, string label, string url);
}
