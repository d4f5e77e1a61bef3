using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// Encrypts what is written to it into <paramref name="output"/> in the <see cref="AesGcmChunks"/> layout. A full chunk is
/// sealed only once more data arrives, so the last chunk is known when <see cref="Complete"/> seals it: a stream that is
/// never completed leaves a file without a last chunk, which no reader accepts.
/// </summary>
internal sealed class AesGcmEncryptingStream(Stream output, byte[] key, string keyId) : Stream
{
    private readonly AesGcm _aes = new(key, AesGcmChunks.TagSize);
    private readonly byte[] _plain = new byte[AesGcmChunks.ChunkSize];
    private readonly byte[] _cipher = new byte[AesGcmChunks.ChunkSize];
    private readonly byte[] _tag = new byte[AesGcmChunks.TagSize];
    private byte[]? _header;
    private int _filled;
    private long _index;
    private bool _completed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _plain.Length)
            {
                Seal(last: false);
            }

            var take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Seals the last chunk (empty when nothing is left). Nothing may be written after it.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Seal(last: true);
        _completed = true;
        output.Flush();
    }

    public override void Flush()
    {
        // Chunks are written when sealed; a partial chunk cannot be written early without giving away where it ends.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Seal(bool last)
    {
        if (_header is null)
        {
            _header = AesGcmChunks.NewHeader(keyId);
            output.Write(_header);
        }

        Span<byte> nonce = stackalloc byte[12];
        AesGcmChunks.Nonce(_header, _index, nonce);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _filled), _cipher.AsSpan(0, _filled), _tag, AesGcmChunks.AssociatedData(_header, _index, last));
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, _filled);
        output.Write(length);
        output.Write(_cipher, 0, _filled);
        output.Write(_tag);
        _filled = 0;
        _index++;
    }
}
