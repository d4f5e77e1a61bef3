using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// A bare host with only the data layer, as the Api or the Worker register it: one of these stands
/// for one more process (its own connection pool) on the same database.
/// </summary>
public static class InfrastructureHost
{
    /// <param name="collectLogs">Keep what the host logs (read it with <c>host.Services.GetFakeLogCollector()</c>); otherwise it logs nothing.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, bool collectLogs = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "true" });
        builder.Configuration.AddInMemoryCollection(settings);
        if (collectLogs)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information).AddFakeLogging();
        }
        else
        {
            builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        }

        builder.AddRuntimeInfrastructure(builder.AddBujjiDatabase());
        return builder.Build();
    }
}
