using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// Settings a test changes while the service runs, the way a Key Vault reload or a changed settings file changes them:
/// the values are swapped and the configuration's change token fires. Added last, so its keys win over the host's.
/// </summary>
public sealed class ReloadingSettings : ConfigurationProvider, IConfigurationSource
{
    private ReloadingSettings()
    {
    }

    /// <summary>Adds a source to the running service's configuration (nothing is rebuilt or restarted).</summary>
    public static ReloadingSettings AddTo(ApiHost api)
    {
        var settings = new ReloadingSettings();
        var configuration = api.Factory.Services.GetRequiredService<IConfiguration>();
        var builder = configuration as IConfigurationBuilder
            ?? throw new InvalidOperationException($"The service's configuration is a {configuration.GetType().Name}, which takes no new sources.");
        builder.Add(settings);
        return settings;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Sets (or, with null, removes) the keys, then fires the reload as a configuration provider does.</summary>
    public void Set(IReadOnlyDictionary<string, string?> values)
    {
        var next = new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                next.Remove(key);
            }
            else
            {
                next[key] = value;
            }
        }

        Data = next;
        OnReload();
    }
}
