using System.Text.RegularExpressions;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>
/// The services' secret settings as secret parameters of the published app: the deployment tool asks for each value
/// and keeps it in its secret store (azd: Key Vault), so none is ever written into the manifest or an image. Run mode
/// adds none: Development has its sample signing key, no backups to encrypt, and user secrets for provider keys.
/// PostgreSQL's and Redis's passwords are Aspire's own generated secret parameters, inside the connection strings.
/// </summary>
internal static partial class SecretParameters
{
    /// <summary>
    /// The AppHost setting naming the LLM providers whose server-wide key the published Api is given
    /// (<c>Llm:Providers:&lt;name&gt;:ApiKey</c>), comma-separated; their other settings are not secret and are set as usual.
    /// </summary>
    public const string LlmProvidersSetting = "Publish:LlmProviders";

    private const string DefaultLlmProviders = "openai";

    public static IResourceBuilder<ProjectResource> WithApiSecretParameters(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return api;
        }

        api.WithEnvironment("Auth__Jwt__SigningKey", builder.AddParameter("jwt-signing-key", secret: true));
        foreach (var provider in LlmProviders(builder))
        {
            api.WithEnvironment($"Llm__Providers__{provider}__ApiKey", builder.AddParameter($"llm-{provider}-api-key", secret: true));
        }

        return api;
    }

    public static IResourceBuilder<ProjectResource> WithWorkerSecretParameters(this IResourceBuilder<ProjectResource> worker)
    {
        var builder = worker.ApplicationBuilder;
        return builder.ExecutionContext.IsPublishMode
            ? worker.WithEnvironment("Worker__Backup__EncryptionKey", builder.AddParameter("backup-encryption-key", secret: true))
            : worker;
    }

    private static IEnumerable<string> LlmProviders(IDistributedApplicationBuilder builder)
    {
        var providers = (builder.Configuration[LlmProvidersSetting] ?? DefaultLlmProviders)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var provider in providers)
        {
            // The name becomes part of a parameter (resource) name and of an environment variable.
            yield return ProviderName().IsMatch(provider)
                ? provider
                : throw new InvalidOperationException(
                    $"{LlmProvidersSetting} must list provider names of lower-case letters, digits and hyphens, e.g. openai,anthropic; got '{provider}'.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex ProviderName();
}
