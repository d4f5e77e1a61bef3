using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>Reads the vault for <see cref="KeyVaultConfigurationSource"/>.</summary>
internal sealed class KeyVaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    // Secrets are fetched one call each; a few at a time keeps start-up short without tripping the vault's throttling.
    private const int ParallelFetches = 8;

    private readonly KeyVaultConfigurationSource _source;
    private readonly CancellationTokenSource _stop = new();
    private Dictionary<string, LoadedSecret> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private Task? _reloading;

    public KeyVaultConfigurationProvider(KeyVaultConfigurationSource source) => _source = source;

    /// <summary>The configuration key of a secret name: <c>--</c> separates sections, as in the standard provider.</summary>
    public static string ToKey(string secretName) => secretName.Replace("--", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    /// <remarks>
    /// Never throws: a vault that cannot be read is recorded in <see cref="KeyVaultConfigurationSource.Status"/>, and
    /// start-up validation then stops the process with one line naming <c>KeyVault:Uri</c> and the reason.
    /// </remarks>
    public override void Load()
    {
        try
        {
            LoadAsync(_stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            _source.Status.Failed(Describe(exception), initial: true);
        }

        if (_source.ReloadInterval is { } interval && _reloading is null)
        {
            _reloading = ReloadPeriodicallyAsync(interval, _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task ReloadPeriodicallyAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (await LoadAsync(cancellationToken))
                    {
                        OnReload();
                    }
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The values read before stay in force; the health check reports the vault as degraded.
                    _source.Status.Failed(Describe(exception), initial: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Reads every enabled, current secret; returns whether any value changed.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var current = new List<SecretProperties>();
        await foreach (var properties in _source.Client.GetPropertiesOfSecretsAsync(cancellationToken))
        {
            if (properties.Enabled == true && !(properties.ExpiresOn <= now) && !(properties.NotBefore > now))
            {
                current.Add(properties);
            }
        }

        var previous = _loaded;
        var next = new Dictionary<string, LoadedSecret>(StringComparer.OrdinalIgnoreCase);
        using var gate = new SemaphoreSlim(ParallelFetches);
        var fetched = await Task.WhenAll(current.Select(async properties =>
        {
            // Unchanged since the last read: keep the value instead of fetching it again.
            if (previous.TryGetValue(properties.Name, out var known) && known.UpdatedOn == properties.UpdatedOn)
            {
                return known;
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                var secret = await _source.Client.GetSecretAsync(properties.Name, cancellationToken: cancellationToken);
                return new LoadedSecret(properties.Name, secret.Value.Value, properties.UpdatedOn);
            }
            finally
            {
                gate.Release();
            }
        }));

        foreach (var secret in fetched)
        {
            next[secret.Name] = secret;
        }

        var data = next.Values.ToDictionary(secret => ToKey(secret.Name), secret => (string?)secret.Value, StringComparer.OrdinalIgnoreCase);
        var changed = data.Count != Data.Count || data.Any(pair => !Data.TryGetValue(pair.Key, out var old) || old != pair.Value);
        _loaded = next;
        Data = data;
        _source.Status.Loaded(data.Count, now);
        return changed;
    }

    /// <summary>A reason fit for a log line or a start-up message: status and error code, never a response body.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        RequestFailedException failed => $"{failed.Status} {failed.ErrorCode ?? "error"} from the vault",
        AuthenticationFailedException or CredentialUnavailableException => $"no token for the vault ({exception.GetType().Name}: {FirstLine(exception.Message)})",
        HttpRequestException or TaskCanceledException => $"the vault did not answer ({exception.GetType().Name}: {FirstLine(exception.Message)})",
        _ => $"{exception.GetType().Name} while reading the vault: {FirstLine(exception.Message)}",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private sealed record LoadedSecret(string Name, string Value, DateTimeOffset? UpdatedOn);
}
