using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>One provider's response bodies: plain, streamed as server-sent events, and errors.</summary>
internal abstract class FakeWire
{
    public static FakeWire For(FakeLlmCall call) => call.Protocol == FakeLlmProtocol.Anthropic
        ? new AnthropicWire(call)
        : new OpenAIWire(call);

    public abstract Task WriteResponseAsync(HttpResponse response, FakeReply reply, FakeUsage usage, CancellationToken cancellationToken);

    public abstract Task WriteStreamStartAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken);

    public abstract Task WriteChunkAsync(HttpResponse response, string text, CancellationToken cancellationToken);

    public abstract Task WriteStreamEndAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken);

    public async Task WriteErrorAsync(HttpResponse response, FakeReply reply, CancellationToken cancellationToken)
    {
        response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.WriteAsJsonAsync(Error(reply.Status, reply.Text), cancellationToken);
    }

    protected abstract object Error(int status, string message);

    protected static Task WriteJsonAsync(HttpResponse response, object body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(body), cancellationToken);
    }

    protected static Task WriteEventAsync(HttpResponse response, string? eventName, object data, CancellationToken cancellationToken) =>
        response.WriteAsync((eventName is null ? "" : $"event: {eventName}\n") + $"data: {JsonSerializer.Serialize(data)}\n\n", cancellationToken);
}
