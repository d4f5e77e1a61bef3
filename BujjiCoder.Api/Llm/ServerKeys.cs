using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// The server-wide key of each provider: from configuration (a secret store or the environment), or from Key Vault
/// when <c>Llm:KeyVaultUri</c> and the provider's <c>KeyVaultSecret</c> are set (read once, with the managed identity).
/// A vault named in <c>KeyVault:Uri</c> needs none of this: its secret <c>Llm--Providers--{name}--ApiKey</c> is the
/// <c>ApiKey</c> setting itself (see ServiceDefaults' Key Vault configuration source).
/// </summary>
internal sealed class ServerKeys(IOptions<LlmOptions> options, IHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _vaultKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<SecretClient?> _vault = new(() =>
        options.Value.KeyVaultUri is { } uri ? new SecretClient(uri, AzureCredentials.Create(environment)) : null);

    public Task<string?> GetAsync(string provider)
    {
        if (!options.Value.Providers.TryGetValue(provider, out var settings))
        {
            return Task.FromResult<string?>(null);
        }

        if (settings.KeyVaultSecret is null || _vault.Value is null)
        {
            return Task.FromResult(settings.ApiKey);
        }

        return _vaultKeys.GetOrAdd(provider, _ => new Lazy<Task<string?>>(async () =>
            (await _vault.Value.GetSecretAsync(settings.KeyVaultSecret)).Value.Value)).Value;
    }
}
