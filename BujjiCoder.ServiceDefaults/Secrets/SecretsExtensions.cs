using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// How Bujji Coder's services handle secrets: where they come from (Key Vault in Azure, user secrets in Development,
/// the environment elsewhere), refusing samples outside Development, and keeping them out of logs and traces.
/// </summary>
public static class SecretsExtensions
{
    private const string InnerLoggerFactoryKey = "BujjiCoder.Secrets.InnerLoggerFactory";

    /// <summary>Called first by <c>AddServiceDefaults</c>, so the vault is in configuration before anything reads it.</summary>
    public static TBuilder AddSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddKeyVaultSecrets();

        builder.Services.AddOptions<SecretSettingsCheck>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecretSettingsCheck>, SecretSettingsValidator>();

        builder.AddSecretRedaction();
        return builder;
    }

    /// <summary>
    /// Logs: classified values (<see cref="SecretDataAttribute"/>) are redacted by Microsoft.Extensions.Compliance,
    /// everything else goes through <see cref="SecretScrubber"/>. Traces: spans are scrubbed before export. Request
    /// logging: method, path, status and duration only. HttpClient logging: no header values.
    /// </summary>
    public static TBuilder AddSecretRedaction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(services => SecretScrubber.FromConfiguration(services.GetRequiredService<IConfiguration>()));

        builder.Services.AddRedaction(redaction => redaction
            .SetRedactor<SecretMarkRedactor>(new DataClassificationSet(SecretDataClassification.Secret))
            .SetFallbackRedactor<SecretMarkRedactor>());
        builder.Logging.EnableRedaction();
        DecorateLoggerFactory(builder.Services);

        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
            tracing.AddProcessor(services => new SecretScrubbingActivityProcessor(services.GetRequiredService<SecretScrubber>())));
        builder.Services.AddHostedService<SecretScrubbingExceptionRecorder>();

        builder.Services.AddHttpLogging(SafeRequestLogging.Configure);
        builder.Services.AddHttpLoggingInterceptor<SafeRequestLogging>();
        builder.Services.ConfigureHttpClientDefaults(http => http.RedactLoggedHeaders(_ => true));
        return builder;
    }

    /// <summary>Request logging that never records query strings, headers or bodies (see <see cref="SafeRequestLogging"/>).</summary>
    public static WebApplication UseSafeRequestLogging(this WebApplication app)
    {
        app.UseHttpLogging();
        return app;
    }

    /// <summary>
    /// Puts <see cref="SecretScrubbingLoggerFactory"/> in front of the registered logger factory (the redaction-enabled
    /// one), which stays in the container under a private key so the container still builds and disposes it.
    /// </summary>
    private static void DecorateLoggerFactory(IServiceCollection services)
    {
        var original = services.Last(descriptor => descriptor.ServiceType == typeof(ILoggerFactory) && !descriptor.IsKeyedService);
        services.Remove(original);
        if (original.ImplementationInstance is ILoggerFactory instance)
        {
            services.AddKeyedSingleton(InnerLoggerFactoryKey, instance);
        }
        else if (original.ImplementationFactory is { } factory)
        {
            services.AddKeyedSingleton<ILoggerFactory>(InnerLoggerFactoryKey, (provider, _) => (ILoggerFactory)factory(provider));
        }
        else
        {
            services.AddKeyedSingleton(typeof(ILoggerFactory), InnerLoggerFactoryKey, original.ImplementationType!);
        }

        services.AddSingleton<ILoggerFactory>(provider => new SecretScrubbingLoggerFactory(
            provider.GetRequiredKeyedService<ILoggerFactory>(InnerLoggerFactoryKey), provider.GetRequiredService<SecretScrubber>()));
    }
}
