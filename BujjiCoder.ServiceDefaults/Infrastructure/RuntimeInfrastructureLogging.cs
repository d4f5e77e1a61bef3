using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.ServiceDefaults.Infrastructure;

public static partial class RuntimeInfrastructureLogging
{
    /// <summary>Says at start-up, in one line, what this process runs on.</summary>
    public static void LogRuntimeInfrastructure(this IHost host)
    {
        var infrastructure = host.Services.GetRequiredService<RuntimeInfrastructure>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RuntimeInfrastructure));
        if (infrastructure.IsEmbedded)
        {
            LogEmbedded(logger, infrastructure.SqlitePath, infrastructure.Cache);
        }
        else
        {
            LogServer(logger, infrastructure.Mode, infrastructure.Database, infrastructure.Cache);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Embedded mode: SQLite database at {SqlitePath}, {Cache} cache. Fine for one machine; set ConnectionStrings:bujjidb and ConnectionStrings:cache to run replicas")]
    private static partial void LogEmbedded(ILogger logger, string? sqlitePath, string cache);

    [LoggerMessage(LogLevel.Information, "Infrastructure mode {Mode}: {Database} database, {Cache} cache")]
    private static partial void LogServer(ILogger logger, string mode, string database, string cache);
}
