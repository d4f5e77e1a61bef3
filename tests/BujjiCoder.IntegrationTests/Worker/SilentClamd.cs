using System.Net;
using System.Net.Sockets;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// A clamd on a loopback port that reads every upload sent to it and never gives a verdict: a replica scanning against it
/// holds its import job, before writing a file, until it stops (or clamd's two-minute timeout refuses the upload).
/// </summary>
internal sealed class SilentClamd : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _uploadArriving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;

    public SilentClamd()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes once a scanner has sent the first bytes of an upload.</summary>
    public Task WaitForUploadAsync(CancellationToken cancellationToken) => _uploadArriving.Task.WaitAsync(cancellationToken);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                connections.Add(DrainAsync(await _listener.AcceptTcpClientAsync(_closing.Token)));
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(connections);
        }
    }

    private async Task DrainAsync(TcpClient client)
    {
        using (client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                var stream = client.GetStream();
                while (await stream.ReadAsync(buffer, _closing.Token) > 0)
                {
                    _uploadArriving.TrySetResult();
                }
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
