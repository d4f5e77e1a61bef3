using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>Marker options: validating them (on start) checks every secret setting in configuration.</summary>
public sealed class SecretSettingsCheck;

/// <summary>
/// Outside Development, refuses to start while any secret setting (<see cref="SecretSettings"/>) holds a sample,
/// placeholder or weak value (<see cref="SampleSecrets"/>), or a connection string carries a short password.
/// Messages name the key, never the value.
/// </summary>
internal sealed class SecretSettingsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<SecretSettingsCheck>
{
    public ValidateOptionsResult Validate(string? name, SecretSettingsCheck options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var (key, value) in SecretSettings.Find(configuration))
        {
            if (SampleSecrets.IsSample(value))
            {
                failures.Add($"{key} holds a sample or placeholder value; outside Development every secret must be a real one (from Key Vault, the environment or another secret store).");
            }
            else if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) && value.Length < SampleSecrets.MinimumPasswordLength)
            {
                failures.Add($"{key} is shorter than {SampleSecrets.MinimumPasswordLength} characters; use a generated password outside Development.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
