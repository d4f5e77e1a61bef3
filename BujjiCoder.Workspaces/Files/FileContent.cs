using System.Security.Cryptography;
using System.Text;

namespace BujjiCoder.Workspaces.Files;

/// <summary>
/// Bytes about to be stored, with their SHA-256 (the blob key and the file's ETag) and, for text, the
/// decoded string. Text means valid UTF-8 without NUL; everything else is binary: kept, never indexed.
/// </summary>
public sealed class FileContent
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private FileContent(byte[] bytes, string? text)
    {
        Bytes = bytes;
        Text = text;
        Hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public byte[] Bytes { get; }

    public string? Text { get; }

    public string Hash { get; }

    public long Size => Bytes.LongLength;

    public bool IsBinary => Text is null;

    public static FileContent From(byte[] bytes) => new(bytes, TryDecode(bytes));

    /// <summary>Text made by an edit or a patch; like uploaded bytes, it is binary if it holds a NUL.</summary>
    public static FileContent FromText(string text) => From(StrictUtf8.GetBytes(text));

    /// <summary>The bytes of a stored blob: its text re-encoded (exact, since it was decoded strictly) or its data.</summary>
    public static byte[] BytesOf(string? text, byte[]? data) => text is null ? data ?? [] : StrictUtf8.GetBytes(text);

    private static string? TryDecode(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>Strong ETags are the content hash, so equal content always has an equal tag.</summary>
public static class ETags
{
    public static string For(string hash) => $"\"{hash}\"";

    /// <summary>The hash an <c>If-Match</c> value names; "*" (any existing file) comes back as "*".</summary>
    public static string? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        if (value == "*")
        {
            return value;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }
}
