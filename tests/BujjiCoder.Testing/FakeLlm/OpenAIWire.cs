using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>OpenAI chat completions (and Azure OpenAI, which serves the same bodies).</summary>
internal sealed class OpenAIWire(FakeLlmCall call) : FakeWire
{
    private const string Id = "chatcmpl-fake";
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly string _model = call.Model ?? "fake-model";

    public override Task WriteResponseAsync(HttpResponse response, FakeReply reply, FakeUsage usage, CancellationToken cancellationToken) =>
        WriteJsonAsync(response, new
        {
            id = Id,
            @object = "chat.completion",
            created = _created,
            model = _model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = "stop" } },
            usage = Usage(usage),
        }, cancellationToken);

    public override Task WriteStreamStartAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken) =>
        WriteEventAsync(response, null, Chunk(new { role = "assistant", content = "" }, null), cancellationToken);

    public override Task WriteChunkAsync(HttpResponse response, string text, CancellationToken cancellationToken) =>
        WriteEventAsync(response, null, Chunk(new { content = text }, null), cancellationToken);

    public override async Task WriteStreamEndAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken)
    {
        await WriteEventAsync(response, null, Chunk(new { }, "stop"), cancellationToken);
        // OpenAI reports usage only when asked, in a last chunk without choices.
        if (call.IncludeUsage)
        {
            await WriteEventAsync(response, null, new
            {
                id = Id,
                @object = "chat.completion.chunk",
                created = _created,
                model = _model,
                choices = Array.Empty<object>(),
                usage = Usage(usage),
            }, cancellationToken);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    protected override object Error(int status, string message) => new
    {
        error = new
        {
            message,
            type = status switch
            {
                401 => "invalid_request_error",
                429 => "requests",
                >= 500 => "server_error",
                _ => "invalid_request_error",
            },
            param = (string?)null,
            code = status switch
            {
                401 => "invalid_api_key",
                429 => "rate_limit_exceeded",
                _ => null,
            },
        },
    };

    private object Chunk(object delta, string? finishReason) => new
    {
        id = Id,
        @object = "chat.completion.chunk",
        created = _created,
        model = _model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static object Usage(FakeUsage usage) => new
    {
        prompt_tokens = usage.Input,
        completion_tokens = usage.Output,
        total_tokens = usage.Input + usage.Output,
    };
}
