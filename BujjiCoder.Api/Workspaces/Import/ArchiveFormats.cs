namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>Recognises an archive by its first bytes, because upload file names and content types are not to be trusted.</summary>
internal static class ArchiveFormats
{
    /// <summary>
    /// Returns the format of the archive that fills <paramref name="seekable"/> from its start, or null when it is
    /// neither a zip nor a gzip stream. The stream is left at position 0.
    /// </summary>
    public static ArchiveFormat? Detect(Stream seekable)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        Span<byte> head = stackalloc byte[4];
        seekable.Position = 0;
        var read = seekable.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        seekable.Position = 0;
        head = head[..read];

        // "PK\x03\x04" starts a zip with entries; an empty zip is only its end record, "PK\x05\x06".
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return ArchiveFormat.Zip;
        }

        // Gzip's magic number; whether a tar is inside only shows when it is read.
        return head is [0x1F, 0x8B, ..] ? ArchiveFormat.TarGz : null;
    }
}
