using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>Reads what tests assert on out of an OpenAI or Anthropic request.</summary>
internal static class FakeRequestParser
{
    public static FakeLlmCall Parse(FakeLlmProtocol protocol, HttpContext context, JsonElement body)
    {
        // Anthropic documents x-api-key, but its C# SDK (13.x) sends API keys as a bearer token: record whichever came.
        var authHeader = protocol switch
        {
            FakeLlmProtocol.AzureOpenAI => "api-key",
            FakeLlmProtocol.Anthropic when context.Request.Headers.ContainsKey("x-api-key") => "x-api-key",
            _ => "Authorization",
        };
        var authValue = context.Request.Headers.TryGetValue(authHeader, out var value) ? value.ToString() : null;
        var model = protocol == FakeLlmProtocol.AzureOpenAI
            ? context.Request.RouteValues["deployment"] as string
            : String(body, "model");
        var stream = body.TryGetProperty("stream", out var streamFlag) && streamFlag.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var include) && include.ValueKind == JsonValueKind.True;

        var messages = new List<FakeMessage>();
        // Anthropic keeps the system prompt beside the messages.
        if (protocol == FakeLlmProtocol.Anthropic && body.TryGetProperty("system", out var system))
        {
            messages.Add(new FakeMessage("system", Text(system)));
        }

        if (body.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            messages.AddRange(list.EnumerateArray().Select(message =>
                new FakeMessage(String(message, "role") ?? "", message.TryGetProperty("content", out var content) ? Text(content) : "")));
        }

        return new FakeLlmCall(protocol, context.Request.Path.Value ?? "", model, value.Count > 0 ? authHeader : null, authValue,
            context.Request.Query["api-version"].FirstOrDefault(), messages, stream, includeUsage);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    // Content is a string or a list of parts; only text parts matter here.
    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => String(part, "type") == "text")
            .Select(part => String(part, "text"))),
        _ => "",
    };
}
