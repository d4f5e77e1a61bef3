using System.IO.Compression;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Recognises an archive by its first bytes, because upload file names and content types are not to be trusted; and
/// reads the format a file name claims, which an upload must match as well.
/// </summary>
public static class ArchiveFormats
{
    private const int TarBlockBytes = 512;

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

        // Gzip's magic number; whether a tar is inside only shows when it is read (see InflatesToTar).
        return head is [0x1F, 0x8B, ..] ? ArchiveFormat.TarGz : null;
    }

    /// <summary>The format a file name claims by its extension (.zip, .tar.gz or .tgz, any case), or null for any other name.</summary>
    public static ArchiveFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName.Trim();
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ArchiveFormat.Zip;
        }

        return name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
            ? ArchiveFormat.TarGz
            : null;
    }

    /// <summary>
    /// For a gzip stream: whether its first 512 inflated bytes are a tar block — a header whose checksum is right, or
    /// the zeros that end an empty archive (or it inflates to nothing, an empty archive too). Only those bytes are inflated, so a bomb costs nothing here. Damaged gzip
    /// data counts as a tar: the importer reads it and reports the damage. The stream is left at position 0.
    /// </summary>
    public static bool InflatesToTar(Stream seekable)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        var block = new byte[TarBlockBytes];
        int read;
        seekable.Position = 0;
        try
        {
            using var gzip = new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: true);
            read = gzip.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException)
        {
            return true;
        }
        finally
        {
            seekable.Position = 0;
        }

        // Nothing at all is an empty tar as .NET's TarWriter writes one; less than a block is not a tar.
        return read == 0 || (read == TarBlockBytes && (block.AsSpan().IndexOfAnyExcept((byte)0) < 0 || HasValidTarChecksum(block)));
    }

    /// <summary>
    /// A tar header's checksum (bytes 148–155, octal) is the sum of its 512 bytes with the checksum field counted as
    /// spaces; old tars summed signed bytes, so either sum is accepted.
    /// </summary>
    private static bool HasValidTarChecksum(ReadOnlySpan<byte> header)
    {
        var field = header.Slice(148, 8).Trim((byte)' ').Trim((byte)0).Trim((byte)' ');
        if (field.IsEmpty)
        {
            return false;
        }

        long stored = 0;
        foreach (var digit in field)
        {
            if (digit is < (byte)'0' or > (byte)'7')
            {
                return false;
            }

            stored = (stored * 8) + (digit - '0');
        }

        long unsigned = 0, signed = 0;
        for (var i = 0; i < header.Length; i++)
        {
            var value = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsigned += value;
            signed += (sbyte)value;
        }

        return stored == unsigned || stored == signed;
    }
}
