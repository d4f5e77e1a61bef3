using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ConfigurationValidation
{
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
