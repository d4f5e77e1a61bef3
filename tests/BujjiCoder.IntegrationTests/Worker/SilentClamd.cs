using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BujjiCoder.Workspaces.Uploads;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// A clamd on a loopback port that reads every upload sent to it and, while it is silent, gives no verdict: a scanner
/// holds its import there, before writing a file, until it stops, the test lets it go, or the scanner's own
/// <c>Uploads:ClamAv:Timeout</c> (two minutes) refuses the upload. Silent from the start, and for good, unless the test
/// says otherwise: made with <c>silent: false</c> it answers "stream: OK" at once; <see cref="Silence"/> makes it hold the
/// uploads that come next, and <see cref="Answer"/> answers those it holds and every later one.
/// </summary>
/// <remarks>
/// A stand-in where the run's real clamd (<c>ClamdServer</c>) serves every other scanning test: a real one cannot be told
/// to hold a scan for as long as a test needs, and these tests are about what waits on the scan, not about scanning.
/// </remarks>
internal sealed class SilentClamd : IAsyncDisposable
{
    /// <summary>What a clamd sends for a clean upload to the <c>zINSTREAM</c> command, NUL included.</summary>
    private static readonly byte[] Clean = "stream: OK\0"u8.ToArray();

    private static readonly int CommandLength = ClamdProtocol.InstreamCommand.Length;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _answering = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _uploadHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SilentClamd(bool silent = true)
    {
        if (!silent)
        {
            _answering.SetResult();
        }

        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes once a scanner has sent the first bytes of an upload this clamd holds.</summary>
    public Task WaitForUploadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _uploadHeld.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Holds the uploads that arrive from now on, until <see cref="Answer"/>.</summary>
    public void Silence()
    {
        lock (_gate)
        {
            if (_answering.Task.IsCompleted)
            {
                _answering = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _uploadHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Finds the uploads it holds clean, and every later one at once.</summary>
    public void Answer()
    {
        lock (_gate)
        {
            _answering.TrySetResult();
        }
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                connections.Add(ServeAsync(await _listener.AcceptTcpClientAsync(_closing.Token)));
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(connections);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        TaskCompletionSource answering, uploadHeld;
        lock (_gate)
        {
            (answering, uploadHeld) = (_answering, _uploadHeld);
        }

        using (client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                // zINSTREAM\0, then chunks each after its length (4 bytes, big-endian), then a chunk of length zero.
                var stream = client.GetStream();
                await stream.ReadExactlyAsync(buffer.AsMemory(0, CommandLength), _closing.Token);
                if (!answering.Task.IsCompleted)
                {
                    uploadHeld.TrySetResult();
                }

                while (true)
                {
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, sizeof(uint)), _closing.Token);
                    var length = (int)BinaryPrimitives.ReadUInt32BigEndian(buffer);
                    if (length == 0)
                    {
                        break;
                    }

                    for (var left = length; left > 0; left -= buffer.Length)
                    {
                        await stream.ReadExactlyAsync(buffer.AsMemory(0, Math.Min(left, buffer.Length)), _closing.Token);
                    }
                }

                await answering.Task.WaitAsync(_closing.Token);
                await stream.WriteAsync(Clean, _closing.Token);
            }
            catch (Exception closed) when (closed is OperationCanceledException or IOException)
            {
                // The scanner hung up (its replica stopped) or this clamd is closing.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _listener.Stop();
        await _accepting;
        _closing.Dispose();
    }
}
