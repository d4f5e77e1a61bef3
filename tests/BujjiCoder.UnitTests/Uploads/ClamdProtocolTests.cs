using System.Buffers.Binary;
using System.Text;
using BujjiCoder.Workspaces.Uploads;

namespace BujjiCoder.UnitTests.Uploads;

/// <summary>clamd's INSTREAM framing and replies, byte for byte.</summary>
public sealed class ClamdProtocolTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instream_sends_the_command_length_prefixed_chunks_and_a_zero_length_end()
    {
        var content = new byte[150_000];
        new Random(1).NextBytes(content);
        using var connection = new MemoryStream();

        await ClamdProtocol.WriteInstreamAsync(connection, new MemoryStream(content), 64 * 1024, Cancellation);

        var sent = connection.ToArray();
        Assert.Equal("zINSTREAM\0"u8.ToArray(), sent[..10]);
        var (chunks, received, end) = Unframe(sent.AsSpan(10));
        Assert.Equal([65_536, 65_536, 150_000 - 131_072], chunks);
        Assert.Equal(content, received);
        Assert.Equal(sent.Length, 10 + end);
    }

    [Fact]
    public async Task Empty_content_is_the_command_and_the_end_only()
    {
        using var connection = new MemoryStream();

        await ClamdProtocol.WriteInstreamAsync(connection, new MemoryStream(), 1024, Cancellation);

        Assert.Equal("zINSTREAM\0\0\0\0\0"u8.ToArray(), connection.ToArray());
    }

    [Fact]
    public async Task Content_is_sent_from_its_current_position()
    {
        using var content = new MemoryStream("skip-me|scan-me"u8.ToArray()) { Position = 8 };
        using var connection = new MemoryStream();

        await ClamdProtocol.WriteInstreamAsync(connection, content, 1024, Cancellation);

        var (_, received, _) = Unframe(connection.ToArray().AsSpan(10));
        Assert.Equal("scan-me"u8.ToArray(), received);
    }

    [Fact]
    public async Task A_reply_ends_at_its_nul_even_when_it_arrives_a_byte_at_a_time()
    {
        using var connection = new TrickleStream("stream: OK\0left over"u8.ToArray());

        Assert.Equal("stream: OK", await ClamdProtocol.ReadReplyAsync(connection, Cancellation));
    }

    [Fact]
    public async Task A_reply_ends_at_the_end_of_the_connection_too()
    {
        using var connection = new MemoryStream("PONG\n"u8.ToArray());

        Assert.Equal("PONG", await ClamdProtocol.ReadReplyAsync(connection, Cancellation));
    }

    [Fact]
    public void Verdicts_are_read_from_the_reply()
    {
        Assert.Equal(new ClamdVerdict(ClamdOutcome.Clean), ClamdProtocol.ParseScanReply("stream: OK"));
        Assert.Equal(new ClamdVerdict(ClamdOutcome.Infected, "Win.Test.EICAR_HDB-1"), ClamdProtocol.ParseScanReply("stream: Win.Test.EICAR_HDB-1 FOUND"));
        Assert.Equal(new ClamdVerdict(ClamdOutcome.Infected, "Eicar-Test-Signature.UNOFFICIAL"),
            ClamdProtocol.ParseScanReply("stream: Eicar-Test-Signature.UNOFFICIAL FOUND"));
        Assert.Equal(new ClamdVerdict(ClamdOutcome.StreamTooLarge), ClamdProtocol.ParseScanReply("INSTREAM size limit exceeded. ERROR"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("stream: Can't allocate memory ERROR")]
    [InlineData("UNKNOWN COMMAND")]
    [InlineData("COMMAND READ TIMED OUT")]
    [InlineData("stream:  FOUND")]
    [InlineData("stream: OK and more")]
    public void Anything_but_a_verdict_is_an_error(string reply) =>
        Assert.Throws<ClamdException>(() => ClamdProtocol.ParseScanReply(reply));

    [Fact]
    public void Signature_names_are_kept_printable()
    {
        var verdict = ClamdProtocol.ParseScanReply("stream: Evil\r\nInjected\u001b[31m" + new string('x', 500) + " FOUND");

        Assert.Equal(ClamdOutcome.Infected, verdict.Outcome);
        Assert.DoesNotContain(verdict.Signature!, c => c is < ' ' or > '~');
        Assert.StartsWith("Evil??Injected?[31m", verdict.Signature, StringComparison.Ordinal);
        Assert.True(verdict.Signature!.Length <= 200);
    }

    /// <summary>Reads back what WriteInstreamAsync framed: chunk lengths, the joined data, and where the end marker finished.</summary>
    private static (List<int> Chunks, byte[] Data, int End) Unframe(ReadOnlySpan<byte> frames)
    {
        var chunks = new List<int>();
        var data = new List<byte>();
        var offset = 0;
        while (true)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(frames[offset..]);
            offset += 4;
            if (length == 0)
            {
                return (chunks, [.. data], offset);
            }

            chunks.Add(length);
            data.AddRange(frames.Slice(offset, length).ToArray());
            offset += length;
        }
    }

    /// <summary>Hands out one byte per read, as a slow network may.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
