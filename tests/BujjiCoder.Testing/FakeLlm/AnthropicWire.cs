using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>Anthropic's messages API.</summary>
internal sealed class AnthropicWire(FakeLlmCall call) : FakeWire
{
    private const string Id = "msg_fake";
    private readonly string _model = call.Model ?? "fake-model";

    public override Task WriteResponseAsync(HttpResponse response, FakeReply reply, FakeUsage usage, CancellationToken cancellationToken) =>
        WriteJsonAsync(response, new
        {
            id = Id,
            type = "message",
            role = "assistant",
            model = _model,
            content = new[] { new { type = "text", text = reply.Text } },
            stop_reason = "end_turn",
            stop_sequence = (string?)null,
            usage = new { input_tokens = usage.Input, output_tokens = usage.Output },
        }, cancellationToken);

    public override async Task WriteStreamStartAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken)
    {
        // As the real API does: input tokens up front, a token or so of output counted so far.
        await WriteEventAsync(response, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id = Id,
                type = "message",
                role = "assistant",
                model = _model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = usage.Input, output_tokens = 1 },
            },
        }, cancellationToken);
        await WriteEventAsync(response, "content_block_start", new
        {
            type = "content_block_start",
            index = 0,
            content_block = new { type = "text", text = "" },
        }, cancellationToken);
    }

    public override Task WriteChunkAsync(HttpResponse response, string text, CancellationToken cancellationToken) =>
        WriteEventAsync(response, "content_block_delta", new
        {
            type = "content_block_delta",
            index = 0,
            delta = new { type = "text_delta", text },
        }, cancellationToken);

    public override async Task WriteStreamEndAsync(HttpResponse response, FakeUsage usage, CancellationToken cancellationToken)
    {
        await WriteEventAsync(response, "content_block_stop", new { type = "content_block_stop", index = 0 }, cancellationToken);
        // The final output count is cumulative: it replaces message_start's.
        await WriteEventAsync(response, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = usage.Output },
        }, cancellationToken);
        await WriteEventAsync(response, "message_stop", new { type = "message_stop" }, cancellationToken);
    }

    protected override object Error(int status, string message) => new
    {
        type = "error",
        error = new
        {
            type = status switch
            {
                400 => "invalid_request_error",
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                _ => "api_error",
            },
            message,
        },
    };
}
