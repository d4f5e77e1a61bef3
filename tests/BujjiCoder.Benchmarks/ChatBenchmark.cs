using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// The assistant's gateway cost: time to first token and total time of a streamed reply through the Api (auth,
/// retrieval, prompt building, persistence, usage) against the same stream straight from the fake provider, at 1
/// and at many concurrent streams; then cache-hit latency and the upstream calls a cache saves on a mix where 60% of
/// requests repeat an earlier one. The measuring lives in <see cref="ChatBench"/>, which the performance table's chat
/// section uses too.
/// </summary>
internal static class ChatBenchmark
{
    public static async Task RunAsync(int streams, int concurrency)
    {
        await using var bench = await ChatBench.StartAsync();
        Console.WriteLine($"fake provider: first token after 150 ms, 30 chunks 5 ms apart; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"streams",-28} {"ttft p50",9} {"ttft p95",9} {"total p50",10} {"total p95",10}");

        foreach (var clients in new[] { 1, concurrency })
        {
            var count = clients == 1 ? Math.Min(streams, 30) : streams;
            var (direct, gateway) = await bench.TimeToFirstTokenAsync(count, clients);
            Print($"direct, {clients} concurrent", direct);
            Print($"through Api, {clients} concurrent", gateway);
            Console.WriteLine($"  gateway overhead on time to first token: p50 +{gateway.Ttft50 - direct.Ttft50:0} ms ({gateway.Ttft50 / direct.Ttft50:0.00}x), p95 +{gateway.Ttft95 - direct.Ttft95:0} ms ({gateway.Ttft95 / direct.Ttft95:0.00}x)");
        }

        var hits = await bench.CacheHitsAsync(50);
        Console.WriteLine($"cache hit (whole reply, not streamed): p50 {LoadRun.Percentile(hits, 0.5):0.0} ms, p95 {LoadRun.Percentile(hits, 0.95):0.0} ms (a fresh reply takes ≥ 300 ms upstream)");

        var upstream = await bench.ReplayedMixAsync(200);
        Console.WriteLine($"replayed mix: 200 requests, {200 - upstream} answered from the cache, {upstream} upstream calls ({(200 - upstream) / 2.0:0}% saved)");

        var completions = await bench.CompletionFastPathAsync(300);
        Console.WriteLine($"completion fast path: 300 requests, p50 {LoadRun.Percentile(completions, 0.5):0.0} ms, p95 {LoadRun.Percentile(completions, 0.95):0.0} ms");
    }

    private static void Print(string name, StreamFigures figures) =>
        Console.WriteLine($"{name,-28} {figures.Ttft50,9:0.0} {figures.Ttft95,9:0.0} {figures.Total50,10:0.0} {figures.Total95,10:0.0}");
}

/// <summary>Percentiles of streamed replies: time to first token and to the end, in milliseconds.</summary>
internal sealed record StreamFigures(double Ttft50, double Ttft95, double Total50, double Total95);

/// <summary>
/// A fake provider (first token after 150 ms, 30 chunks 5 ms apart), the Api in front of it with a fresh model
/// (sampled, never cached) and a cached one (temperature 0), a signed-in user and a small workspace; and the
/// measurements made against them.
/// </summary>
internal sealed class ChatBench : IAsyncDisposable
{
    private static readonly string ReplyText = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"token{i}"));

    // Kept open, as the Api keeps its connections to a provider: a new connection per call would add its handshake
    // to the direct figures only and hide that much of the Api's overhead.
    private readonly HttpClient _direct = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
    private readonly FakeLlmServer _llm;
    private readonly ApiUnderTest _api;
    private readonly string _token;
    private readonly string _ws;

    private ChatBench(FakeLlmServer llm, ApiUnderTest api, string token, string ws)
    {
        _llm = llm;
        _api = api;
        _token = token;
        _ws = ws;
    }

    public static async Task<ChatBench> StartAsync()
    {
        var llm = await FakeLlmServer.StartAsync();
        llm.Default = new FakeReply(ReplyText, ChunkCount: 30, FirstTokenDelay: TimeSpan.FromMilliseconds(150), TokenDelay: TimeSpan.FromMilliseconds(5), InputTokens: 800, OutputTokens: 60);
        var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Llm__Providers__bench__Kind"] = "OpenAICompatible",
            ["Llm__Providers__bench__Endpoint"] = new Uri(llm.BaseUrl, "v1").ToString(),
            ["Llm__Providers__bench__ApiKey"] = "sk-bench",
            ["Llm__Models__0__Id"] = "bench-fresh",
            ["Llm__Models__0__Provider"] = "bench",
            ["Llm__Models__1__Id"] = "bench-cached",
            ["Llm__Models__1__Provider"] = "bench",
            ["Llm__Models__1__Temperature"] = "0",
        });
        var token = (await api.SignInAsync()).AccessToken;
        return new ChatBench(llm, api, token, await SetUpWorkspaceAsync(api, token));
    }

    /// <summary>
    /// <paramref name="count"/> streamed replies straight from the provider, then as many through the Api (each in a
    /// fresh conversation of the fresh model, so nothing is cached), <paramref name="clients"/> at a time.
    /// </summary>
    public async Task<(StreamFigures Direct, StreamFigures Gateway)> TimeToFirstTokenAsync(int count, int clients)
    {
        var direct = await MeasureAsync(count, clients, _ => DirectAsync());
        var conversations = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ConversationAsync("bench-fresh")));
        var gateway = await MeasureAsync(count, clients, i => ThroughApiAsync(conversations[i], "How is the invoice total computed?"));
        return (direct, gateway);
    }

    /// <summary>
    /// Whole (not streamed) replies to one deterministic question, each in a fresh conversation of the workspace, after one
    /// that fills the cache: each latency in milliseconds, sorted.
    /// </summary>
    public async Task<double[]> CacheHitsAsync(int count)
    {
        await AskAsync(await ConversationAsync("bench-cached"), "What does Rate return?");
        var hits = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var conversation = await ConversationAsync("bench-cached");
            var clock = Stopwatch.StartNew();
            await AskAsync(conversation, "What does Rate return?");
            hits.Add(clock.Elapsed.TotalMilliseconds);
        }

        return [.. hits.Order()];
    }

    /// <summary>A replayed mix, <paramref name="count"/> requests of which 60% repeat an earlier question: the upstream calls it took.</summary>
    public async Task<int> ReplayedMixAsync(int count)
    {
        var random = new Random(5);
        var asked = new List<string>();
        var before = _llm.CallCount;
        for (var i = 0; i < count; i++)
        {
            var question = asked.Count > 0 && random.NextDouble() < 0.6 ? asked[random.Next(asked.Count)] : $"Question {i}: where is Rate used?";
            asked.Add(question);
            await AskAsync(await ConversationAsync("bench-cached"), question);
        }

        return _llm.CallCount - before;
    }

    /// <summary>Completion's fast path (no model): names at a cursor after "In" in the invoice file, one client; latencies sorted.</summary>
    public async Task<double[]> CompletionFastPathAsync(int count)
    {
        var completions = new List<double>();
        for (var i = 0; i < count; i++)
        {
            using var request = _api.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{_ws}/completion", _token);
            request.Content = JsonContent.Create(new { path = "src/Invoice.cs", content = "var x = new In\n", line = 1, column = 15, llm = false });
            var clock = Stopwatch.StartNew();
            using var response = await _api.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            completions.Add(clock.Elapsed.TotalMilliseconds);
        }

        return [.. completions.Order()];
    }

    public async ValueTask DisposeAsync()
    {
        _direct.Dispose();
        await _api.DisposeAsync();
        await _llm.DisposeAsync();
    }

    private static async Task<string> SetUpWorkspaceAsync(ApiUnderTest api, string token)
    {
        using var create = api.Authorized(HttpMethod.Post, "/api/v1/workspaces", token);
        create.Content = JsonContent.Create(new { name = "chat-bench" });
        using var created = await api.Client.SendAsync(create);
        var ws = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var (path, text) in new[]
        {
            ("src/Invoice.cs", "public sealed class Invoice\n{\n    public decimal Total => Lines.Sum(l => l.Amount);\n}\n"),
            ("src/tax.go", "package tax\n\nfunc Rate() float64 { return 0.2 }\n"),
        })
        {
            using var put = api.Authorized(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/{path}", token);
            put.Content = new StringContent(text);
            (await api.Client.SendAsync(put)).EnsureSuccessStatusCode();
        }

        return ws;
    }

    private async Task<string> ConversationAsync(string model)
    {
        using var request = _api.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{_ws}/conversations", _token);
        request.Content = JsonContent.Create(new { model });
        using var response = await _api.Client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task AskAsync(string conversation, string question)
    {
        using var request = _api.Authorized(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", _token);
        request.Content = JsonContent.Create(new { content = question });
        using var response = await _api.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Time to the first content chunk and to the end, straight from the fake provider.</summary>
    private async Task<(double Ttft, double Total)> DirectAsync()
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_llm.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent("""{"model":"bench","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");
        return await ReadStreamAsync(_direct, request, clock, line => line.Contains("\"content\":\"token", StringComparison.Ordinal));
    }

    private async Task<(double Ttft, double Total)> ThroughApiAsync(string conversation, string question)
    {
        var clock = Stopwatch.StartNew();
        using var request = _api.Authorized(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", _token);
        request.Content = JsonContent.Create(new { content = question });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await ReadStreamAsync(_api.Client, request, clock, line => line == "event: delta");
    }

    private static async Task<(double Ttft, double Total)> ReadStreamAsync(HttpClient client, HttpRequestMessage request, Stopwatch clock, Func<string, bool> isFirstToken)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? ttft = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (ttft is null && isFirstToken(line))
            {
                ttft = clock.Elapsed.TotalMilliseconds;
            }
        }

        return (ttft ?? double.NaN, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<StreamFigures> MeasureAsync(int count, int concurrency, Func<int, Task<(double Ttft, double Total)>> run)
    {
        var results = new (double Ttft, double Total)[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                results[i] = await run(i);
            }
        }));
        var ttft = results.Select(r => r.Ttft).Order().ToArray();
        var total = results.Select(r => r.Total).Order().ToArray();
        return new StreamFigures(LoadRun.Percentile(ttft, 0.5), LoadRun.Percentile(ttft, 0.95), LoadRun.Percentile(total, 0.5), LoadRun.Percentile(total, 0.95));
    }
}
