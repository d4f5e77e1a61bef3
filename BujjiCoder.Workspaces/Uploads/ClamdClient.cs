using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Workspaces.Uploads;

/// <summary>
/// Talks to clamd over TCP, one connection per command (clamd closes it after answering). Every failure to get a
/// verdict — refused connection, DNS failure, timeout, early close, an error reply — is a <see cref="ClamdException"/>,
/// so callers have one thing to fail closed on. The caller's own cancellation still surfaces as cancellation.
/// </summary>
public sealed class ClamdClient(IOptions<ClamAvOptions> options)
{
    /// <summary>Scans <paramref name="content"/> from its current position to its end with INSTREAM.</summary>
    public Task<ClamdVerdict> ScanAsync(Stream content, CancellationToken cancellationToken) =>
        TalkAsync(async (connection, cancel) =>
        {
            // clamd stops reading and answers at once when the stream passes its StreamMaxLength, and may close the
            // connection under our feet; its reply is then still worth reading.
            Exception? writeFailure = null;
            try
            {
                await ClamdProtocol.WriteInstreamAsync(connection, content, ClamdProtocol.ChunkBytes, cancel);
            }
            catch (IOException failure)
            {
                writeFailure = failure;
            }

            string reply;
            try
            {
                reply = await ClamdProtocol.ReadReplyAsync(connection, cancel);
            }
            catch (IOException) when (writeFailure is not null)
            {
                throw new ClamdException($"clamd closed the connection while the upload was being sent: {writeFailure.Message}", writeFailure);
            }

            var verdict = ClamdProtocol.ParseScanReply(reply);

            // A verdict on part of the stream says nothing about the rest: only "too large" is believed then.
            if (writeFailure is not null && verdict.Outcome != ClamdOutcome.StreamTooLarge)
            {
                throw new ClamdException($"clamd answered before the whole upload was sent: {writeFailure.Message}", writeFailure);
            }

            return verdict;
        }, cancellationToken);

    /// <summary>PING → PONG, for the health check.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        TalkAsync(async (connection, cancel) =>
        {
            await connection.WriteAsync(ClamdProtocol.PingCommand, cancel);
            var reply = await ClamdProtocol.ReadReplyAsync(connection, cancel);
            return reply == "PONG" ? true : throw new ClamdException($"clamd answered '{reply}' to PING.");
        }, cancellationToken);

    private async Task<T> TalkAsync<T>(Func<NetworkStream, CancellationToken, Task<T>> conversation, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"{ClamAvOptions.SectionName}:Host is not set.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeout);
        var step = "connecting to";
        try
        {
            // A dual-mode socket, so a host name that resolves to IPv4 or IPv6 both work.
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(settings.Host!, settings.Port, deadline.Token);
            deadline.CancelAfter(settings.Timeout);
            step = "scanning with";
            await using var connection = new NetworkStream(socket, ownsSocket: false);
            return await conversation(connection, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClamdException($"Timed out {step} clamd at {settings.Host}:{settings.Port}.");
        }
        catch (Exception failure) when (failure is SocketException or IOException)
        {
            throw new ClamdException($"Failed {step} clamd at {settings.Host}:{settings.Port}: {failure.Message}", failure);
        }
    }
}
