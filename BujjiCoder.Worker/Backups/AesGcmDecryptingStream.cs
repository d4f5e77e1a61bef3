using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// Reads the plaintext of a file in the <see cref="AesGcmChunks"/> layout, one authenticated chunk at a time. Any change,
/// reordering or cut of the file, or the wrong key, ends in <see cref="InvalidDataException"/> before a byte of the
/// chunk concerned is handed out.
/// </summary>
internal sealed class AesGcmDecryptingStream(Stream input, byte[] key, string keyId) : Stream
{
    private readonly AesGcm _aes = new(key, AesGcmChunks.TagSize);
    private readonly byte[] _cipher = new byte[AesGcmChunks.ChunkSize];
    private readonly byte[] _plain = new byte[AesGcmChunks.ChunkSize];
    private readonly byte[] _tag = new byte[AesGcmChunks.TagSize];
    private byte[]? _header;
    private int? _nextLength;
    private int _offset;
    private int _available;
    private long _index;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_available == 0)
        {
            if (_done)
            {
                return 0;
            }

            OpenNextChunk();
        }

        var take = Math.Min(buffer.Length, _available);
        _plain.AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
        _available -= take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
        }

        base.Dispose(disposing);
    }

    private void OpenNextChunk()
    {
        if (_header is null)
        {
            _header = new byte[AesGcmChunks.HeaderSize];
            if (input.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false) < _header.Length || !_header.AsSpan(0, 8).SequenceEqual(AesGcmChunks.Magic))
            {
                throw new InvalidDataException("The backup is not an encrypted backup file (no BJBKGCM1 header).");
            }

            var written = AesGcmChunks.KeyIdOf(_header);
            if (written != keyId)
            {
                throw new InvalidDataException($"The backup file is encrypted with key {written}, not with key {keyId} its manifest names.");
            }

            _nextLength = ReadLength() ?? throw Truncated();
        }

        var length = _nextLength ?? throw Truncated();
        if (length is < 0 or > AesGcmChunks.ChunkSize)
        {
            throw new InvalidDataException($"The backup file is corrupt: chunk {_index} claims {length} bytes.");
        }

        ReadChunkPart(_cipher.AsSpan(0, length));
        ReadChunkPart(_tag);
        _nextLength = ReadLength();
        var last = _nextLength is null;

        Span<byte> nonce = stackalloc byte[12];
        AesGcmChunks.Nonce(_header, _index, nonce);
        try
        {
            _aes.Decrypt(nonce, _cipher.AsSpan(0, length), _tag, _plain.AsSpan(0, length), AesGcmChunks.AssociatedData(_header, _index, last));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new InvalidDataException(
                $"The backup file does not decrypt at chunk {_index}: it was changed, reordered or cut short, or key {keyId} is not the key it was written with.",
                exception);
        }

        _offset = 0;
        _available = length;
        _index++;
        _done = last;
    }

    /// <summary>The next chunk's length, or null at the end of the file.</summary>
    private int? ReadLength()
    {
        Span<byte> length = stackalloc byte[4];
        var read = input.ReadAtLeast(length, 4, throwOnEndOfStream: false);
        return read switch
        {
            0 => null,
            4 => BinaryPrimitives.ReadInt32LittleEndian(length),
            _ => throw Truncated(),
        };
    }

    private void ReadChunkPart(Span<byte> buffer)
    {
        if (input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw Truncated();
        }
    }

    private InvalidDataException Truncated() => new($"The backup file is cut short (at chunk {_index}).");
}
