using Microsoft.Extensions.Configuration;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>A secret found in configuration: the key it is under (for messages) and its value (never printed).</summary>
public readonly record struct SecretSetting(string Key, string Value);

/// <summary>
/// The one place that says which configuration settings are secrets: the sample-value check at start-up and the
/// log scrubber (which removes their values wherever they show up) both use it, so a new secret setting is covered
/// by both as soon as its name says what it is.
/// </summary>
public static class SecretSettings
{
    // A key is secret when its last segment ends with one of these (Auth:Jwt:SigningKey, Llm:Providers:x:ApiKey,
    // Auth:Bootstrap:AdminPassword, DataProtection:CertificatePassword, AzureAd:ClientSecret, Worker:Backup:EncryptionKey,
    // ...); an element of a list (Worker:Backup:PreviousEncryptionKeys:0, Auth:Jwt:PreviousSigningKeys:0) is secret when the list's name is.
    private static readonly string[] SecretSuffixes =
        ["Password", "Secret", "ApiKey", "SigningKey", "SigningKeys", "AccessKey", "AccountKey", "PrivateKey", "Token", "EncryptionKey", "EncryptionKeys"];

    // Names that end like a secret but hold something else: the name of a Key Vault secret, not its value.
    private static readonly string[] NotSecret = ["KeyVaultSecret"];

    private const string ConnectionStringsPrefix = "ConnectionStrings:";

    // Connection strings outside ConnectionStrings: (Worker:Backup:Blob:ConnectionString) carry their secret inside.
    private const string ConnectionStringSuffix = ":ConnectionString";

    // What a connection string keeps its secret under: a password (Npgsql, SQL, Redis), or an Azure Storage account key or SAS.
    private static readonly string[] ConnectionStringSecretNames = ["password", "pwd", "AccountKey", "SharedAccessSignature"];

    public static bool IsSecretKey(string key)
    {
        var segments = key.Split(':');
        var name = segments.Length > 1 && segments[^1].All(char.IsAsciiDigit) ? segments[^2] : segments[^1];
        return !NotSecret.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase))
            && SecretSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every secret value in <paramref name="configuration"/>, including passwords inside connection strings.</summary>
    public static IEnumerable<SecretSetting> Find(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (key.StartsWith(ConnectionStringsPrefix, StringComparison.OrdinalIgnoreCase)
                || key.EndsWith(ConnectionStringSuffix, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var password in ConnectionStringPasswords(value))
                {
                    yield return new SecretSetting($"{key} (password)", password);
                }
            }
            else if (IsSecretKey(key))
            {
                yield return new SecretSetting(key, value);
            }
        }
    }

    /// <summary>
    /// The password of a connection string in any of the forms used here: <c>Password=…;</c> (Npgsql, SQL),
    /// <c>host:port,password=…</c> (StackExchange.Redis), a URL with user info (<c>redis://:…@host</c>), or an Azure
    /// Storage account key or shared access signature (<c>AccountKey=…;</c>, <c>SharedAccessSignature=…</c>).
    /// </summary>
    public static IEnumerable<string> ConnectionStringPasswords(string connectionString)
    {
        if (connectionString.Contains("://", StringComparison.Ordinal)
            && Uri.TryCreate(connectionString, UriKind.Absolute, out var uri)
            && uri.UserInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
            && uri.UserInfo[(colon + 1)..] is { Length: > 0 } fromUrl)
        {
            yield return Uri.UnescapeDataString(fromUrl);
            yield break;
        }

        foreach (var part in connectionString.Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            if (ConnectionStringSecretNames.Any(secret => name.Equals(secret, StringComparison.OrdinalIgnoreCase)))
            {
                var value = part[(equals + 1)..].Trim().Trim('\'', '"');
                if (value.Length > 0)
                {
                    yield return value;
                }
            }
        }
    }
}
