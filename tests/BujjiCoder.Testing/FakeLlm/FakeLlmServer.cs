using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>
/// A stand-in LLM provider on loopback speaking OpenAI's chat completions (also as Azure OpenAI deployments) and
/// Anthropic's messages API, streaming for real (each chunk flushed, delays honoured), scripted per call, and
/// recording what it received, so adapters are tested against the wire rather than against mocks of their SDKs.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly Lock _lock = new();
    private readonly List<FakeLlmCall> _calls = [];
    private int _cancelled;

    private FakeLlmServer(WebApplication app) => _app = app;

    /// <summary>The server's root, ending in a slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => new(_app.Url() + "/");

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<FakeLlmCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public int CallCount
    {
        get
        {
            lock (_lock)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Requests whose client went away before the reply was finished.</summary>
    public int CancelledCount => Volatile.Read(ref _cancelled);

    public static Task<FakeLlmServer> StartAsync() => StartAsync("127.0.0.1");

    /// <summary>Listens on <paramref name="address"/> rather than loopback, e.g. the Docker bridge's gateway for an Api in a container.</summary>
    public static async Task<FakeLlmServer> StartAsync(string address)
    {
        var app = LoopbackWebApp.Create(address);
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, FakeLlmProtocol.OpenAI));
        // For base URLs that already end in /v1 being given without it, and servers mounted at the root.
        app.MapPost("/chat/completions", context => server.HandleAsync(context, FakeLlmProtocol.OpenAI));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context => server.HandleAsync(context, FakeLlmProtocol.AzureOpenAI));
        app.MapPost("/v1/messages", context => server.HandleAsync(context, FakeLlmProtocol.Anthropic));
        await app.StartAsync();
        return server;
    }

    /// <summary>Scripts the next call; calls beyond the script get <c>echo: &lt;last user message&gt;</c>.</summary>
    public void Enqueue(FakeReply reply) => _replies.Enqueue(reply);

    /// <summary>What calls get when nothing is queued; null echoes the last user message (benchmarks set a fixed reply with delays).</summary>
    public FakeReply? Default { get; set; }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Waits until <paramref name="count"/> cancellations have been seen (they land when the server notices the disconnect).</summary>
    public async Task WaitForCancelledAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CancelledCount < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task HandleAsync(HttpContext context, FakeLlmProtocol protocol)
    {
        var aborted = context.RequestAborted;
        var finished = false;
        var droppedOnPurpose = false;
        try
        {
            // Inside the try: a client that gives up while its request is still being read (a short timeout on a busy
            // machine) has cancelled too.
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: aborted);
            var call = FakeRequestParser.Parse(protocol, context, body.RootElement);
            lock (_lock)
            {
                _calls.Add(call);
            }

            var reply = _replies.TryDequeue(out var scripted) ? scripted : Default ?? DefaultReply(call);
            var wire = FakeWire.For(call);
            if (reply.Status != StatusCodes.Status200OK)
            {
                await wire.WriteErrorAsync(context.Response, reply, aborted);
            }
            else if (!call.Stream)
            {
                await Task.Delay(reply.FirstTokenDelay, aborted);
                if (reply.FailAfterFirstChunk)
                {
                    droppedOnPurpose = true;
                    context.Abort();
                    return;
                }

                await wire.WriteResponseAsync(context.Response, reply, Usage(call, reply), aborted);
            }
            else
            {
                droppedOnPurpose = reply.FailAfterFirstChunk;
                await StreamAsync(context, wire, reply, Usage(call, reply));
                if (droppedOnPurpose)
                {
                    return;
                }
            }

            finished = true;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: counted below.
        }
        catch (IOException)
        {
            // The client went away while we were writing: counted below.
        }
        finally
        {
            if (!finished && !droppedOnPurpose)
            {
                Interlocked.Increment(ref _cancelled);
            }
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeWire wire, FakeReply reply, FakeUsage usage)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(aborted);
        await wire.WriteStreamStartAsync(response, usage, aborted);
        await response.Body.FlushAsync(aborted);

        await Task.Delay(reply.FirstTokenDelay, aborted);
        var chunks = reply.Chunks();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(reply.TokenDelay, aborted);
            }

            await wire.WriteChunkAsync(response, chunks[i], aborted);
            await response.Body.FlushAsync(aborted);
            if (reply.FailAfterFirstChunk)
            {
                // Give the client time to read the chunk: a reset can discard data it has not read yet.
                await Task.Delay(reply.TokenDelay > TimeSpan.FromMilliseconds(200) ? reply.TokenDelay : TimeSpan.FromMilliseconds(200), aborted);
                context.Abort();
                return;
            }
        }

        await wire.WriteStreamEndAsync(response, usage, aborted);
        await response.Body.FlushAsync(aborted);
    }

    private static FakeUsage Usage(FakeLlmCall call, FakeReply reply) => new(
        reply.InputTokens ?? call.Messages.Sum(message => FakeReply.CountWords(message.Text)),
        reply.OutputTokens ?? FakeReply.CountWords(reply.Text));

    private static FakeReply DefaultReply(FakeLlmCall call) =>
        new("echo: " + (call.Messages.LastOrDefault(message => message.Role == "user")?.Text ?? ""));
}
