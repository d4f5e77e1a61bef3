using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing;

/// <summary>
/// A stand-in Sentry on loopback: takes envelopes at <c>POST /api/{project}/envelope/</c> as sentry.io does (gzip or plain),
/// splits them into items and keeps every event, so a test sees exactly what a service's Sentry SDK sent — no SDK mocked.
/// Point a service at it with <see cref="Dsn"/>.
/// </summary>
public sealed class SentryReceiver : IAsyncDisposable
{
    public const string ProjectId = "1";
    public const string PublicKey = "publickey";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _envelopes = new();
    private readonly ConcurrentQueue<JsonElement> _events = new();

    private SentryReceiver(WebApplication app) => _app = app;

    /// <summary>A DSN that sends to this receiver: <c>http://publickey@127.0.0.1:port/1</c>.</summary>
    public string Dsn => new UriBuilder(_app.Url()) { UserName = PublicKey, Path = ProjectId }.Uri.ToString().TrimEnd('/');

    /// <summary>Every envelope received, decompressed, as text (to search for what must not be there).</summary>
    public IReadOnlyCollection<string> Envelopes => [.. _envelopes];

    /// <summary>The payloads of every <c>event</c> item received.</summary>
    public IReadOnlyCollection<JsonElement> Events => [.. _events];

    public static async Task<SentryReceiver> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var receiver = new SentryReceiver(app);
        app.MapPost("/api/{project}/envelope/", async (string project, HttpContext context) =>
        {
            if (project != ProjectId)
            {
                return Results.NotFound();
            }

            using var body = new MemoryStream();
            var content = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
                : context.Request.Body;
            await content.CopyToAsync(body);
            receiver.Receive(body.ToArray());
            return Results.Ok(new { id = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived; null after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement?> WaitForEventAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            foreach (var sentryEvent in _events)
            {
                if (match(sentryEvent))
                {
                    return sentryEvent;
                }
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return null;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// An envelope is a header line, then items: each an item header line and a payload that is <c>length</c> bytes long
    /// when the header says so, else runs to the next newline.
    /// </summary>
    private void Receive(byte[] envelope)
    {
        _envelopes.Enqueue(Encoding.UTF8.GetString(envelope));
        var position = NextLine(envelope, 0, out _);
        while (position < envelope.Length)
        {
            position = NextLine(envelope, position, out var headerLine);
            if (headerLine.Length == 0)
            {
                continue;
            }

            using var header = JsonDocument.Parse(headerLine);
            ReadOnlyMemory<byte> payload;
            if (header.RootElement.TryGetProperty("length", out var length))
            {
                payload = envelope.AsMemory(position, length.GetInt32());
                position = Math.Min(envelope.Length, position + length.GetInt32() + 1);
            }
            else
            {
                position = NextLine(envelope, position, out payload);
            }

            if (header.RootElement.GetProperty("type").GetString() == "event")
            {
                _events.Enqueue(JsonDocument.Parse(payload).RootElement.Clone());
            }
        }
    }

    private static int NextLine(byte[] bytes, int start, out ReadOnlyMemory<byte> line)
    {
        var end = Array.IndexOf(bytes, (byte)'\n', start);
        end = end < 0 ? bytes.Length : end;
        line = bytes.AsMemory(start, end - start);
        return end + 1;
    }
}
