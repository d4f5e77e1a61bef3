using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>
/// A stand-in hosted embedding model on loopback, speaking OpenAI's <c>/v1/embeddings</c> and Azure OpenAI's
/// <c>/openai/deployments/{deployment}/embeddings</c> (float arrays or base64, as the client asks), so the real SDKs are
/// exercised over HTTP. Its vectors are bags of words hashed into the asked length: texts sharing words are near, which
/// is all a test of the wiring needs.
/// </summary>
public sealed partial class FakeEmbeddingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeEmbeddingCall> _calls = new();

    private FakeEmbeddingServer(WebApplication app) => _app = app;

    /// <summary>The server's root, ending in a slash.</summary>
    public Uri BaseUrl => new(_app.Url() + "/");

    public IReadOnlyList<FakeEmbeddingCall> Calls => [.. _calls];

    public static async Task<FakeEmbeddingServer> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var server = new FakeEmbeddingServer(app);
        app.MapPost("/v1/embeddings", context => server.HandleAsync(context, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/embeddings", context => server.HandleAsync(context, (string)context.Request.RouteValues["deployment"]!));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The vector this server gives <paramref name="text"/> at <paramref name="dimensions"/> values.</summary>
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (Match word in Words().Matches(text.ToLowerInvariant()))
        {
            vector[(int)((uint)StableHash(word.Value) % (uint)dimensions)] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private async Task HandleAsync(HttpContext context, string? deployment)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var inputs = root.GetProperty("input").ValueKind == JsonValueKind.Array
            ? root.GetProperty("input").EnumerateArray().Select(i => i.GetString()!).ToList()
            : [root.GetProperty("input").GetString()!];
        var dimensions = root.TryGetProperty("dimensions", out var asked) ? asked.GetInt32() : 64;
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        _calls.Enqueue(new FakeEmbeddingCall(
            context.Request.Path, deployment, root.TryGetProperty("model", out var model) ? model.GetString() : null, inputs.Count, dimensions,
            context.Request.Headers.Authorization.ToString(), context.Request.Headers["api-key"].ToString()));

        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(inputs[i], dimensions);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : new JsonArray([.. vector.Select(v => (JsonNode)v)]),
            });
        }

        var tokens = inputs.Sum(i => Words().Count(i));
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = deployment ?? model.GetString(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    /// <summary>FNV-1a: string.GetHashCode differs between processes, and the test compares with vectors it makes itself.</summary>
    private static int StableHash(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex Words();
}

/// <summary>One embeddings request as the fake received it.</summary>
public sealed record FakeEmbeddingCall(string Path, string? Deployment, string? Model, int Inputs, int Dimensions, string Authorization, string ApiKey);
