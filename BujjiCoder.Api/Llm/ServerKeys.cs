using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// The server-wide key of each provider: from configuration (a secret store or the environment), or from Key Vault
/// when <c>Llm:KeyVaultUri</c> and the provider's <c>KeyVaultSecret</c> are set (read once, with the managed identity).
/// </summary>
internal sealed class ServerKeys(IOptions<LlmOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _vaultKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<SecretClient?> _vault = new(() =>
        options.Value.KeyVaultUri is { } uri ? new SecretClient(uri, new DefaultAzureCredential()) : null);

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
