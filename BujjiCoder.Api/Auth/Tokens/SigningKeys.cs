using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>
/// The access-token keys in force right now: <c>Auth:Jwt:SigningKey</c> signs, it and <c>Auth:Jwt:PreviousSigningKeys</c>
/// validate. Read through <see cref="IOptionsMonitor{TOptions}"/> on every use, so a rotation in the environment or Key
/// Vault takes effect when configuration reloads, without a restart and without signing anyone out.
/// </summary>
/// <remarks>
/// A reload with keys that fail validation (too short, repeated) is not taken: the keys before it stay in force and the
/// refusal is logged, so a typo in the vault cannot lock everyone out or make tokens forgeable.
/// </remarks>
internal sealed partial class SigningKeys(IOptionsMonitor<AuthOptions> options, ILogger<SigningKeys> logger)
{
    private readonly Lock _lock = new();
    private JwtOptions? _source;
    private KeySet? _keys;
    private string? _lastRefusal;

    /// <summary>The key new tokens are signed with; its <see cref="SecurityKey.KeyId"/> goes into the token's <c>kid</c>.</summary>
    public SymmetricSecurityKey Current => Keys().Current;

    /// <summary>
    /// The keys that may have signed a token with this <c>kid</c>: the one key with that id, none for an unknown id, and
    /// every key for a token without one (issued before tokens carried a <c>kid</c>).
    /// </summary>
    public IEnumerable<SecurityKey> ForKeyId(string? kid)
    {
        var keys = Keys();
        if (string.IsNullOrEmpty(kid))
        {
            return keys.All;
        }

        return keys.All.Where(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal));
    }

    /// <summary>
    /// A stable, non-secret id of a key: the first 9 bytes of its SHA-256, base64url (12 characters). It names the key
    /// in tokens and in the runbook's checks without revealing anything usable about it.
    /// </summary>
    public static string KeyId(string key) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(key))[..9]);

    private KeySet Keys()
    {
        JwtOptions jwt;
        try
        {
            jwt = options.CurrentValue.Jwt;
        }
        catch (OptionsValidationException refused) when (_keys is not null)
        {
            LogRefusal(refused);
            return _keys;
        }

        if (ReferenceEquals(jwt, _source) && _keys is not null)
        {
            return _keys;
        }

        lock (_lock)
        {
            if (!ReferenceEquals(jwt, _source))
            {
                var next = new KeySet(jwt);
                if (_keys is not null && next.Current.KeyId != _keys.Current.KeyId)
                {
                    LogRotated(logger, next.Current.KeyId, next.All.Count - 1);
                }

                _keys = next;
                _source = jwt;
                _lastRefusal = null;
            }

            return _keys!;
        }
    }

    private void LogRefusal(OptionsValidationException refused)
    {
        var message = string.Join(" ", refused.Failures);
        if (message != Interlocked.Exchange(ref _lastRefusal, message))
        {
            LogReloadRefused(logger, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Access tokens are now signed with key {KeyId}; {Previous} previous key(s) still validate.")]
    private static partial void LogRotated(ILogger logger, string keyId, int previous);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloaded Auth settings were refused, the signing keys in force stay: {Failures}")]
    private static partial void LogReloadRefused(ILogger logger, string failures);

    private sealed class KeySet
    {
        public KeySet(JwtOptions jwt)
        {
            Current = Create(jwt.SigningKey);
            All = [Current, .. jwt.PreviousSigningKeys.Where(key => !string.IsNullOrEmpty(key)).Select(Create)];
        }

        public SymmetricSecurityKey Current { get; }

        public IReadOnlyList<SymmetricSecurityKey> All { get; }

        private static SymmetricSecurityKey Create(string key) => new(Encoding.UTF8.GetBytes(key)) { KeyId = KeyId(key) };
    }
}
