using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Removes secrets from free text before it reaches a log or a trace: the values of this process's own secret
/// settings wherever they appear, and anything shaped like a credential — bearer and basic credentials, JWTs,
/// <c>bjc_</c> personal access tokens, <c>sk-</c> provider keys, the values of <c>Authorization</c> and
/// <c>Cookie</c> headers, of sensitive query parameters (<c>?access_token=</c>, <c>&amp;key=</c>, ...) and of
/// name/value pairs such as <c>Password=…</c>, <c>"refreshToken":"…"</c> or <c>api-key: …</c>.
/// </summary>
/// <remarks>
/// This is the net under everything else: our code does not log secrets and request bodies are never logged, but
/// framework logs carry URLs with query strings and exception messages carry whatever a library put in them.
/// </remarks>
public sealed partial class SecretScrubber : IDisposable
{
    public const string Mark = "[redacted]";

    // Shorter configured values ("dev", "none") would blank out ordinary words without protecting anything.
    private const int MinimumKnownValueLength = 8;

    /// <summary>
    /// Every alternative of <see cref="Credential"/> contains one of these (in any case), so ASCII text without any of them
    /// cannot match and skips the regex: most text scrubbed (request scopes, parameterised SQL, span names) is such text,
    /// and the regex would otherwise be tried at every position of it. Non-ASCII text always goes through the regex, whose
    /// case-insensitive matching knows more equivalences (the Kelvin sign for k) than an ordinal comparison does.
    /// </summary>
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        [
            "authorization", "cookie", // headers
            "passw", "pwd", "secret", "key", "token", "bujji_refresh", // names of secret values (api-key, signing_key, ...)
            "code=", "sig=", "signature=", // sensitive query parameters not named above
            "bearer", "basic", "eyj", "bjc_", "sk-", // schemes, JWTs, our tokens, provider keys
        ],
        StringComparison.OrdinalIgnoreCase);

    private readonly IDisposable? _reloadSubscription;
    private volatile string[] _knownValues = [];

    public SecretScrubber(IEnumerable<string> knownValues) => SetKnownValues(knownValues);

    private SecretScrubber(IConfiguration configuration)
    {
        SetKnownValues(SecretSettings.Find(configuration).Select(secret => secret.Value));
        // Key Vault reloads and rotated environment files bring new values; the old ones stay scrubbed too.
        _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, () =>
            SetKnownValues(_knownValues.Concat(SecretSettings.Find(configuration).Select(secret => secret.Value))));
    }

    /// <summary>A scrubber that knows the values of every secret setting in <paramref name="configuration"/>.</summary>
    public static SecretScrubber FromConfiguration(IConfiguration configuration) => new(configuration);

    /// <summary>True when <paramref name="text"/> held something to remove; <paramref name="scrubbed"/> is then the safe text.</summary>
    public bool TryScrub(string? text, out string scrubbed)
    {
        scrubbed = text ?? string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var result = text;
        foreach (var value in _knownValues)
        {
            if (result.Contains(value, StringComparison.Ordinal))
            {
                result = result.Replace(value, Mark, StringComparison.Ordinal);
            }
        }

        if (MightHoldCredential(result))
        {
            try
            {
                result = Credential().Replace(result, static match => match.Groups["keep"].Value + Mark);
            }
            catch (RegexMatchTimeoutException)
            {
                // Text too odd to scan in time: drop it rather than risk passing a secret on.
                result = $"{Mark} (text of {text.Length} characters could not be scanned for secrets)";
            }
        }

        if (ReferenceEquals(result, text))
        {
            return false;
        }

        scrubbed = result;
        return true;
    }

    public string Scrub(string? text) => TryScrub(text, out var scrubbed) ? scrubbed : text ?? string.Empty;

    public void Dispose() => _reloadSubscription?.Dispose();

    private static bool MightHoldCredential(string text) =>
        !Ascii.IsValid(text) || text.AsSpan().ContainsAny(Triggers);

    private void SetKnownValues(IEnumerable<string> values) =>
        // Longest first, so a value that contains another is replaced whole.
        _knownValues = [.. values.Where(v => v.Length >= MinimumKnownValueLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    [GeneratedRegex(
        // Authorization and cookie headers: the rest of the line.
        @"(?<keep>\b(proxy-)?authorization\s*[:=]\s*|\b(set-)?cookie\s*[:=]\s*)(?<secret>[^\r\n]+)"
        // JSON members whose name says secret: "password":"…", "refreshToken":"…", "apiKey":"…".
        + @"|(?<keep>""\w*(password|passwd|pwd|secret|api[-_]?key|token|signing[-_]?key|private[-_]?key|access[-_]?key)""\s*:\s*"")(?<secret>([^""\\]|\\.)*)"
        // Sensitive query parameters.
        + @"|(?<keep>[?&](access_token|refresh_token|id_token|token|code|key|api[-_]?key|password|pwd|secret|client_secret|sig|signature)=)(?<secret>[^&#\s""']+)"
        // name=value and name: value pairs (connection strings, headers written as text, key=value logs).
        + @"|(?<keep>\b\w*(password|passwd|pwd|secret|api[-_]?key|signing[-_]?key|private[-_]?key|access[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|bujji_refresh)\s*[=:]\s*)(?<secret>[^\s""',;&]+)"
        // Credentials after an authentication scheme.
        + @"|(?<keep>\b(bearer|basic)\s+)(?<secret>[A-Za-z0-9\-._~+/]{16,}=*)"
        // JWTs (header.payload.signature, base64url, the header always starts {" = eyJ).
        + @"|(?<secret>\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)"
        // Personal access tokens and provider keys; their short hints (bjc_ + 4, last four) stay readable.
        + @"|(?<keep>\bbjc_)(?<secret>[A-Za-z0-9_-]{16,})"
        + @"|(?<keep>\bsk-)(?<secret>[A-Za-z0-9_-]{16,})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 250)]
    private static partial Regex Credential();
}
