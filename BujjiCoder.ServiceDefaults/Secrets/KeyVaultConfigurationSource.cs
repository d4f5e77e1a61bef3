using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Azure Key Vault secrets as configuration, like Azure.Extensions.AspNetCore.Configuration.Secrets (which is not
/// used here): every enabled, current secret becomes a key, <c>--</c> in its name standing for <c>:</c>
/// (<c>Auth--Jwt--SigningKey</c> → <c>Auth:Jwt:SigningKey</c>). With a reload interval the vault is read again
/// periodically and configuration change tokens fire when something changed.
/// </summary>
public sealed class KeyVaultConfigurationSource(SecretClient client, TimeSpan? reloadInterval = null, KeyVaultLoadStatus? status = null) : IConfigurationSource
{
    public SecretClient Client => client;

    public TimeSpan? ReloadInterval => reloadInterval;

    /// <summary>Shared with whoever reports on the vault (start-up validation, the health check).</summary>
    public KeyVaultLoadStatus Status { get; } = status ?? new KeyVaultLoadStatus(client.VaultUri);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new KeyVaultConfigurationProvider(this);
}

/// <summary>What happened the last time the vault was read: the first failure stops the start, later ones degrade health.</summary>
public sealed class KeyVaultLoadStatus(Uri vaultUri)
{
    private readonly Lock _lock = new();

    public Uri VaultUri => vaultUri;

    /// <summary>Why the first load failed (no configuration from the vault then); null when it succeeded.</summary>
    public string? InitialFailure { get; private set; }

    /// <summary>Why the last reload failed (the values loaded before are kept); null once a reload succeeds again.</summary>
    public string? ReloadFailure { get; private set; }

    public DateTimeOffset? LastLoaded { get; private set; }

    public int SecretCount { get; private set; }

    internal void Loaded(int count, DateTimeOffset at)
    {
        lock (_lock)
        {
            SecretCount = count;
            LastLoaded = at;
            ReloadFailure = null;
        }
    }

    internal void Failed(string reason, bool initial)
    {
        lock (_lock)
        {
            if (initial)
            {
                InitialFailure = reason;
            }
            else
            {
                ReloadFailure = reason;
            }
        }
    }
}
