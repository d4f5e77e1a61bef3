using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace BujjiCoder.Workspaces.Uploads;

/// <summary>
/// clamd's INSTREAM command, as its manual (clamd(8)) describes it: <c>zINSTREAM\0</c>, then the data in chunks each
/// preceded by its length as a 4-byte big-endian number, then a chunk of length zero. The <c>z</c> form makes clamd end
/// its reply with a NUL: <c>stream: OK</c>, <c>stream: &lt;name&gt; FOUND</c> or <c>&lt;message&gt; ERROR</c>.
/// </summary>
internal static class ClamdProtocol
{
    /// <summary>Chunk size; clamd reads chunks of any size up to its StreamMaxLength.</summary>
    public const int ChunkBytes = 64 * 1024;

    private const int MaxReplyBytes = 4096;
    private const int MaxSignatureLength = 200;

    public static ReadOnlyMemory<byte> InstreamCommand { get; } = "zINSTREAM\0"u8.ToArray();

    public static ReadOnlyMemory<byte> PingCommand { get; } = "zPING\0"u8.ToArray();

    /// <summary>Sends the command, <paramref name="content"/> from its current position to its end, and the terminating chunk.</summary>
    public static async Task WriteInstreamAsync(Stream connection, Stream content, int chunkBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        await connection.WriteAsync(InstreamCommand, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes + 4);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(4, chunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
                await connection.WriteAsync(buffer.AsMemory(0, 4 + read), cancellationToken).ConfigureAwait(false);
            }

            BinaryPrimitives.WriteUInt32BigEndian(buffer, 0);
            await connection.WriteAsync(buffer.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one reply: up to its terminating NUL or the end of the connection, at most 4 KB. Empty when clamd said nothing.</summary>
    public static async Task<string> ReadReplyAsync(Stream connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var buffer = new byte[MaxReplyBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await connection.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var end = Array.IndexOf(buffer, (byte)0, length, read);
            length += read;
            if (end >= 0)
            {
                length = end;
                break;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n', '\r', ' ');
    }

    /// <summary>Turns a reply to INSTREAM into a verdict; an error or anything unexpected is a <see cref="ClamdException"/>.</summary>
    public static ClamdVerdict ParseScanReply(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        const string prefix = "stream: ";
        if (reply == prefix + "OK")
        {
            return new ClamdVerdict(ClamdOutcome.Clean);
        }

        if (reply.StartsWith(prefix, StringComparison.Ordinal) && reply.EndsWith(" FOUND", StringComparison.Ordinal)
            && reply.Length > prefix.Length + " FOUND".Length)
        {
            return new ClamdVerdict(ClamdOutcome.Infected, Printable(reply[prefix.Length..^" FOUND".Length]));
        }

        if (reply.EndsWith("ERROR", StringComparison.Ordinal) && reply.Contains("size limit exceeded", StringComparison.OrdinalIgnoreCase))
        {
            return new ClamdVerdict(ClamdOutcome.StreamTooLarge);
        }

        throw new ClamdException(reply.Length == 0
            ? "clamd closed the connection without a verdict."
            : $"clamd answered '{Printable(reply)}' instead of a verdict.");
    }

    /// <summary>Signature names go into problem details, logs and the audit log: printable ASCII only, and not too long.</summary>
    private static string Printable(string text)
    {
        var clean = new string([.. text.Take(MaxSignatureLength).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return clean.Trim();
    }
}
