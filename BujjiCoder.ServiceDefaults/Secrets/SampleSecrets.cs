using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// The one list of values that are not secrets although they sit where a secret belongs: the samples this repository
/// ships (the Development signing key), the usual defaults and placeholders of documentation and templates, and
/// obviously weak words. Outside Development the Api and the Worker refuse to start with any of them.
/// </summary>
public static partial class SampleSecrets
{
    /// <summary>Shipped in the Api's appsettings.Development.json so that a fresh clone runs; refused everywhere else.</summary>
    public const string DevelopmentJwtSigningKey = "development-only-signing-key-not-for-any-deployed-environment";

    /// <summary>Connection-string passwords shorter than this are refused outside Development.</summary>
    public const int MinimumPasswordLength = 12;

    private static readonly FrozenSet<string> Known = new[]
    {
        DevelopmentJwtSigningKey,
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "secret", "changeme", "change-me", "admin", "administrator",
        "root", "postgres", "redis", "guest", "default", "letmein", "welcome", "qwerty", "123456", "12345678", "123456789",
        "test", "testing", "development", "dev", "sk-...", "sk-xxx", "...", "…", "xxx", "todo", "tbd", "none", "null",

        // The storage emulator's (Azurite's) published account key: a copied emulator connection string, not a real account.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a value that is a known sample, a placeholder or a well-known weak default.</summary>
    public static bool IsSample(string value)
    {
        var trimmed = value.Trim();
        return Known.Contains(trimmed) || Placeholder().IsMatch(trimmed);
    }

    // Template words ("change me", "your-api-key", "YOUR_OPENAI_API_KEY", "<placeholder>"), markers of a value meant for Development, and a
    // value made of one repeated character ("xxxxxxxx", "00000000").
    [GeneratedRegex(
        @"change[-_ ]?me|replace[-_ ]?me|placeholder|sample|example|<[^>]*>|\{\{|\byour[-_ ]?([a-z0-9]+[-_ ]){0,3}(key|secret|password|passphrase|token)|development[-_ ]only|not[-_ ]for[-_ ](any[-_ ])?(production|deployed)|do[-_ ]not[-_ ]use|dummy|fixme|^(?<c>.)\k<c>+$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Placeholder();
}
