using System.Globalization;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>Adds Azure Key Vault to a service's configuration when a vault is named.</summary>
public static class KeyVaultSecretsExtensions
{
    /// <summary>The vault's URL, e.g. <c>https://bujji-prod.vault.azure.net/</c>.</summary>
    public const string VaultUriKey = "KeyVault:Uri";

    /// <summary>
    /// Aspire's convention: an AppHost's <c>AddAzureKeyVault("keyvault")</c> referenced by a project gives it
    /// <c>ConnectionStrings:keyvault</c> = the vault's URL. Used when <c>KeyVault:Uri</c> is not set.
    /// </summary>
    public const string ConnectionName = "keyvault";

    /// <summary>How often the vault is read again (at least a minute); unset means once, at start.</summary>
    public const string ReloadIntervalKey = "KeyVault:ReloadInterval";

    public const string HealthCheckName = "keyvault";

    private static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When <c>KeyVault:Uri</c> (or <c>ConnectionStrings:keyvault</c>) is set, adds the vault's secrets to
    /// configuration, above every other source, before anything else reads it. A vault that cannot be read stops the
    /// start with one line naming the key; a later reload that fails keeps the values and turns the
    /// <c>keyvault</c> health check Degraded.
    /// </summary>
    /// <param name="credential">Defaults to <see cref="AzureCredentials.Create"/> (managed identity in Azure).</param>
    /// <param name="clientOptions">SDK options (transport, retries); the SDK's defaults when null.</param>
    public static TBuilder AddKeyVaultSecrets<TBuilder>(this TBuilder builder, TokenCredential? credential = null, SecretClientOptions? clientOptions = null)
        where TBuilder : IHostApplicationBuilder
    {
        var (key, value) = builder.Configuration[VaultUriKey] is { Length: > 0 } uriSetting
            ? (VaultUriKey, uriSetting)
            : (ConfigurationPath.Combine("ConnectionStrings", ConnectionName), builder.Configuration.GetConnectionString(ConnectionName));
        if (string.IsNullOrWhiteSpace(value))
        {
            return builder;
        }

        var problems = new List<string>();
        builder.Services.AddOptions<KeyVaultCheck>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyVaultCheck>>(services => new KeyVaultCheckValidator(problems, services.GetService<KeyVaultLoadStatus>(), key));

        if (!Uri.TryCreate(value, UriKind.Absolute, out var vaultUri) || vaultUri.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{key} must be the vault's https URL (https://<name>.vault.azure.net/).");
            return builder;
        }

        TimeSpan? reloadInterval = null;
        if (builder.Configuration[ReloadIntervalKey] is { Length: > 0 } interval)
        {
            if (TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out var parsed) && parsed >= MinimumReloadInterval)
            {
                reloadInterval = parsed;
            }
            else
            {
                problems.Add($"{ReloadIntervalKey} must be a time span of at least {MinimumReloadInterval:c}.");
            }
        }

        var client = new SecretClient(vaultUri, credential ?? AzureCredentials.Create(builder.Environment), clientOptions ?? new SecretClientOptions());
        var source = new KeyVaultConfigurationSource(client, reloadInterval);
        builder.Configuration.Add(source);
        builder.Services.AddSingleton(source.Status);
        builder.Services.AddHealthChecks().AddCheck(HealthCheckName, () => source.Status.ReloadFailure is { } failure
            ? HealthCheckResult.Degraded($"Key Vault reload failed ({failure}); values read at {source.Status.LastLoaded:O} are in use.")
            : HealthCheckResult.Healthy($"{source.Status.SecretCount} secret(s) read at {source.Status.LastLoaded:O}."));
        return builder;
    }

    /// <summary>Marker options: validating them reports a vault setting or a first read that failed.</summary>
    internal sealed class KeyVaultCheck;

    private sealed class KeyVaultCheckValidator(List<string> problems, KeyVaultLoadStatus? status, string key) : IValidateOptions<KeyVaultCheck>
    {
        public ValidateOptionsResult Validate(string? name, KeyVaultCheck options)
        {
            var failures = new List<string>(problems);
            if (status?.InitialFailure is { } failure)
            {
                failures.Add($"{key}: Key Vault {status.VaultUri} could not be read: {failure}. The service's identity needs the 'Key Vault Secrets User' role on the vault.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
