using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The encryption keys from <c>Worker:Backup</c>: the current one encrypts new backups, previous ones still open backups
/// taken before a rotation. A key is named by its id (<see cref="IdOf"/>), which the manifest and the packed file carry,
/// so a restore knows which key it needs without trying them all.
/// </summary>
internal sealed class BackupKeyRing
{
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public BackupKeyRing(IOptions<BackupOptions> options)
        : this(options.Value.EncryptionKey, options.Value.PreviousEncryptionKeys)
    {
    }

    public BackupKeyRing(string? current, IEnumerable<string> previous)
    {
        if (current is not null)
        {
            var key = Convert.FromBase64String(current);
            CurrentId = IdOf(key);
            _keys[CurrentId] = key;
        }

        foreach (var old in previous.Select(Convert.FromBase64String))
        {
            _keys.TryAdd(IdOf(old), old);
        }
    }

    /// <summary>Id of the key new backups are encrypted with; null when they are not encrypted.</summary>
    public string? CurrentId { get; }

    public byte[]? Current => CurrentId is null ? null : _keys[CurrentId];

    /// <summary>
    /// The first 8 bytes of the key's SHA-256, as hex: enough to tell keys apart in a manifest and an error message,
    /// nothing that helps find the key (it is 32 random bytes).
    /// </summary>
    public static string IdOf(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key)[..8]);

    public static bool IsValidKey(string base64)
    {
        Span<byte> buffer = stackalloc byte[KeyBytes + 3];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes;
    }

    /// <summary>The key named <paramref name="keyId"/>, or a message that says which key is missing and where keys are set.</summary>
    public byte[] Find(string keyId)
    {
        if (_keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        var previous = _keys.Keys.Where(id => id != CurrentId).ToList();
        throw new BackupKeyMissingException(
            $"The backup is encrypted with key {keyId}, which is neither Worker:Backup:EncryptionKey ({CurrentId ?? "unset"}) nor one of " +
            $"Worker:Backup:PreviousEncryptionKeys ({(previous.Count == 0 ? "none" : string.Join(", ", previous))}).");
    }
}

/// <summary>A backup needs a key this Worker was not given; the message names the key by its id.</summary>
internal sealed class BackupKeyMissingException(string message) : Exception(message);
