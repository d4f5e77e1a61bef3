using System.Buffers.Binary;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Reads the number of entries a zip declares in its end-of-central-directory record. ZipArchive loads the whole
/// central directory into memory as soon as its entries are listed, so a zip declaring more entries than allowed
/// is refused before that. ZipArchive itself refuses a zip whose directory holds a different number.
/// </summary>
public static class ZipEntryCount
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndRecordLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndLength = 56;

    /// <summary>The declared entry count, or null when no end record is found (ZipArchive will then report the corruption).</summary>
    public static async Task<long?> ReadAsync(Stream seekable, CancellationToken cancellationToken)
    {
        // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
        var tailLength = (int)Math.Min(seekable.Length, EndRecordLength + ushort.MaxValue);
        var tailStart = seekable.Length - tailLength;
        var tail = new byte[tailLength];
        seekable.Position = tailStart;
        await seekable.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);

        for (var at = tailLength - EndRecordLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            var count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            return count == ushort.MaxValue
                ? await ReadZip64Async(seekable, tailStart + at, cancellationToken).ConfigureAwait(false)
                : count;
        }

        return null;
    }

    // 0xFFFF means "see the zip64 end record", found through the locator just before the end record.
    private static async Task<long?> ReadZip64Async(Stream seekable, long endRecordAt, CancellationToken cancellationToken)
    {
        if (endRecordAt < Zip64LocatorLength)
        {
            return ushort.MaxValue;
        }

        var locator = new byte[Zip64LocatorLength];
        seekable.Position = endRecordAt - Zip64LocatorLength;
        await seekable.ReadExactlyAsync(locator, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return ushort.MaxValue;
        }

        var recordAt = BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
        if (seekable.Length < Zip64EndLength || recordAt > (ulong)(seekable.Length - Zip64EndLength))
        {
            return null;
        }

        var record = new byte[Zip64EndLength];
        seekable.Position = (long)recordAt;
        await seekable.ReadExactlyAsync(record, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            return null;
        }

        return (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue);
    }
}
