using BujjiCoder.ServiceDefaults.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.ServiceDefaults.Startup;

/// <summary>How the Api and the Worker start once built: the same order for both.</summary>
public static class ServiceStartup
{
    /// <summary>
    /// Validates configuration, says which infrastructure this process runs on, brings the schema up to
    /// date (or waits for it), and only then serves. Returns the process exit code.
    /// </summary>
    /// <param name="prepareDatabaseAsync">
    /// Migrates or waits for the schema: BujjiCoder.Data's <c>PrepareDatabaseAsync</c>, passed in so that the shared
    /// hosting of every service does not depend on the data layer.
    /// </param>
    public static async Task<int> RunServiceAsync(this IHost host, Func<CancellationToken, Task> prepareDatabaseAsync)
    {
        if (!host.TryValidateConfiguration())
        {
            return 1;
        }

        host.LogRuntimeInfrastructure();
        await prepareDatabaseAsync(CancellationToken.None);
        await host.RunAsync();
        return 0;
    }

    /// <summary>
    /// Validates every options class registered with <c>ValidateOnStart</c> before the service touches
    /// anything. On failure it writes one line to standard error naming each bad key
    /// (e.g. <c>Configuration error: ConnectionStrings:bujjidb must be set ...</c>) and returns false,
    /// so the process can exit non-zero without a stack trace burying the cause.
    /// </summary>
    public static bool TryValidateConfiguration(this IHost host)
    {
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception exception) when (Describe(exception) is { } description)
        {
            Console.Error.WriteLine($"Configuration error: {description}");
            return false;
        }
    }

    private static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        AggregateException aggregate => string.Join(" ", aggregate.InnerExceptions.Select(Describe).OfType<string>()),
        // The configuration binder names the key in its message: "Failed to convert configuration value 'x' at 'Auth:RegistrationMode' ...".
        InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => binding.Message,
        _ => null,
    };
}
