using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// The server-wide key of each provider: from configuration (a secret store or the environment), or from Key Vault
/// when <c>Llm:KeyVaultUri</c> and the provider's <c>KeyVaultSecret</c> are set (with the managed identity).
/// A vault named in <c>KeyVault:Uri</c> needs none of this: its secret <c>Llm--Providers--{name}--ApiKey</c> is the
/// <c>ApiKey</c> setting itself (see ServiceDefaults' Key Vault configuration source).
/// </summary>
/// <remarks>
/// Looked up for every call, so a rotated key is used by the next call without a restart: the configured key through
/// <see cref="IOptionsMonitor{TOptions}"/> (it follows configuration reloads), a <c>KeyVaultSecret</c> read again once
/// <see cref="VaultKeyLifetime"/> has passed. A call already under way keeps the key it started with.
/// </remarks>
internal sealed class ServerKeys(IOptionsMonitor<LlmOptions> options, IHostEnvironment environment, TimeProvider time)
{
    /// <summary>How long a key read from <c>Llm:KeyVaultUri</c> is used before the vault is asked again.</summary>
    public static readonly TimeSpan VaultKeyLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, VaultKey> _vaultKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<SecretClient?> _vault = new(() =>
        options.CurrentValue.KeyVaultUri is { } uri ? new SecretClient(uri, AzureCredentials.Create(environment)) : null);

    public Task<string?> GetAsync(string provider)
    {
        if (!options.CurrentValue.Providers.TryGetValue(provider, out var settings))
        {
            return Task.FromResult<string?>(null);
        }

        if (settings.KeyVaultSecret is not { } secretName || _vault.Value is not { } vault)
        {
            return Task.FromResult(settings.ApiKey);
        }

        var now = time.GetUtcNow();
        var cached = _vaultKeys.AddOrUpdate(
            provider,
            _ => Read(vault, secretName, now),
            // A failed read is not kept: the next call asks the vault again.
            (_, known) => known.SecretName != secretName || now - known.ReadAt >= VaultKeyLifetime || known.Key.IsFaulted
                ? Read(vault, secretName, now)
                : known);
        return cached.Key;
    }

    private static VaultKey Read(SecretClient vault, string secretName, DateTimeOffset now) =>
        new(secretName, now, ReadAsync(vault, secretName));

    private static async Task<string?> ReadAsync(SecretClient vault, string secretName) =>
        (await vault.GetSecretAsync(secretName)).Value.Value;

    private sealed record VaultKey(string SecretName, DateTimeOffset ReadAt, Task<string?> Key);
}
