using System.Text;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Refuses token settings that would make tokens forgeable or long-lived, naming the key at fault. Sample and
/// placeholder values (the Development signing key, "changeme", ...) of this and every other secret setting are
/// refused outside Development by the shared check in BujjiCoder.ServiceDefaults (SecretSettingsValidator).
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var key = options.Jwt.SigningKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            failures.Add("Auth:Jwt:SigningKey must be set (at least 32 bytes; from a secret store or the environment, never appsettings).");
        }
        else if (Encoding.UTF8.GetByteCount(key) < MinimumKeyBytes)
        {
            failures.Add("Auth:Jwt:SigningKey must be at least 32 bytes (256 bits).");
        }

        // Previous keys only validate, but a weak one would still let anyone forge tokens that pass.
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        for (var i = 0; i < options.Jwt.PreviousSigningKeys.Count; i++)
        {
            var previous = options.Jwt.PreviousSigningKeys[i];
            if (string.IsNullOrEmpty(previous))
            {
                continue;
            }

            if (Encoding.UTF8.GetByteCount(previous) < MinimumKeyBytes)
            {
                failures.Add($"Auth:Jwt:PreviousSigningKeys:{i} must be at least 32 bytes (256 bits).");
            }
            else if (!seen.Add(previous))
            {
                failures.Add($"Auth:Jwt:PreviousSigningKeys:{i} repeats another signing key; each key must be different (a rotation needs a new key).");
            }
        }

        if (options.Jwt.AccessTokenLifetime < TimeSpan.FromMinutes(1) || options.Jwt.AccessTokenLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Auth:Jwt:AccessTokenLifetime must be between 00:01:00 and 01:00:00.");
        }

        if (options.Jwt.ClockSkew < TimeSpan.Zero || options.Jwt.ClockSkew > TimeSpan.FromSeconds(30))
        {
            failures.Add("Auth:Jwt:ClockSkew must be between 00:00:00 and 00:00:30.");
        }

        if (options.RefreshTokens.SlidingLifetime <= TimeSpan.Zero || options.RefreshTokens.SlidingLifetime > options.RefreshTokens.AbsoluteLifetime)
        {
            failures.Add("Auth:RefreshTokens:SlidingLifetime must be positive and no longer than Auth:RefreshTokens:AbsoluteLifetime.");
        }

        if (options.Lockout.Duration <= TimeSpan.Zero)
        {
            failures.Add("Auth:Lockout:Duration must be positive.");
        }

        if (options.IdentityCache.Lifetime < TimeSpan.Zero || options.IdentityCache.Lifetime > IdentityCacheOptions.MaximumLifetime)
        {
            failures.Add("Auth:IdentityCache:Lifetime must be between 00:00:00 (no cache) and 00:05:00: it bounds how long a revoked account or token may still work when Redis is down.");
        }

        var bootstrap = options.Bootstrap;
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && string.IsNullOrWhiteSpace(bootstrap.AdminPassword))
        {
            failures.Add("Auth:Bootstrap:AdminPassword must be set when Auth:Bootstrap:AdminEmail is (from a secret store or the environment).");
        }

        if (bootstrap.FirstUserBecomesAdmin && !environment.IsDevelopment())
        {
            failures.Add("Auth:Bootstrap:FirstUserBecomesAdmin is for Development only; name the first administrator with Auth:Bootstrap:AdminEmail.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
