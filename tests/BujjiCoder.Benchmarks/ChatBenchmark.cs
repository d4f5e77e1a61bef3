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
/// requests repeat an earlier one.
/// </summary>
internal static class ChatBenchmark
{
    private static readonly string ReplyText = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"token{i}"));

    public static async Task RunAsync(int streams, int concurrency)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Default = new FakeReply(ReplyText, ChunkCount: 30, FirstTokenDelay: TimeSpan.FromMilliseconds(150), TokenDelay: TimeSpan.FromMilliseconds(5), InputTokens: 800, OutputTokens: 60);
        await using var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?>
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
        var ws = await SetUpWorkspaceAsync(api, token);
        Console.WriteLine($"fake provider: first token after 150 ms, 30 chunks 5 ms apart; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"streams",-28} {"ttft p50",9} {"ttft p95",9} {"total p50",10} {"total p95",10}");

        foreach (var clients in new[] { 1, concurrency })
        {
            var count = clients == 1 ? Math.Min(streams, 30) : streams;
            var direct = await MeasureAsync(count, clients, _ => DirectAsync(llm));
            var conversations = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ConversationAsync(api, token, ws, "bench-fresh")));
            var gateway = await MeasureAsync(count, clients, i => ThroughApiAsync(api, token, conversations[i], "How is the invoice total computed?"));
            Print($"direct, {clients} concurrent", direct);
            Print($"through Api, {clients} concurrent", gateway);
            Console.WriteLine($"  gateway overhead on time to first token: p50 +{gateway.Ttft50 - direct.Ttft50:0} ms ({gateway.Ttft50 / direct.Ttft50:0.00}x), p95 +{gateway.Ttft95 - direct.Ttft95:0} ms ({gateway.Ttft95 / direct.Ttft95:0.00}x)");
        }

        // Cache hits: the same deterministic question in fresh conversations of one workspace.
        var warm = await ConversationAsync(api, token, ws, "bench-cached");
        await AskAsync(api, token, warm, "What does Rate return?");
        var hits = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var conversation = await ConversationAsync(api, token, ws, "bench-cached");
            var clock = Stopwatch.StartNew();
            await AskAsync(api, token, conversation, "What does Rate return?");
            hits.Add(clock.Elapsed.TotalMilliseconds);
        }

        var sortedHits = hits.Order().ToArray();
        Console.WriteLine($"cache hit (whole reply, not streamed): p50 {LoadRun.Percentile(sortedHits, 0.5):0.0} ms, p95 {LoadRun.Percentile(sortedHits, 0.95):0.0} ms (a fresh reply takes ≥ 300 ms upstream)");

        // A replayed mix: 200 requests, 60% of them repeating an earlier question.
        var random = new Random(5);
        var asked = new List<string>();
        var before = llm.CallCount;
        for (var i = 0; i < 200; i++)
        {
            var question = asked.Count > 0 && random.NextDouble() < 0.6 ? asked[random.Next(asked.Count)] : $"Question {i}: where is Rate used?";
            asked.Add(question);
            await AskAsync(api, token, await ConversationAsync(api, token, ws, "bench-cached"), question);
        }

        var upstream = llm.CallCount - before;
        Console.WriteLine($"replayed mix: 200 requests, {200 - upstream} answered from the cache, {upstream} upstream calls ({(200 - upstream) / 2.0:0}% saved)");

        // Completion's fast path (no model): names at a cursor after "In" in the invoice file, one client.
        var completions = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            using var request = api.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{ws}/completion", token);
            request.Content = JsonContent.Create(new { path = "src/Invoice.cs", content = "var x = new In\n", line = 1, column = 15, llm = false });
            var clock = Stopwatch.StartNew();
            using var response = await api.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            completions.Add(clock.Elapsed.TotalMilliseconds);
        }

        var sortedCompletions = completions.Order().ToArray();
        Console.WriteLine($"completion fast path: 300 requests, p50 {LoadRun.Percentile(sortedCompletions, 0.5):0.0} ms, p95 {LoadRun.Percentile(sortedCompletions, 0.95):0.0} ms");
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

    private static async Task<string> ConversationAsync(ApiUnderTest api, string token, string ws, string model)
    {
        using var request = api.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", token);
        request.Content = JsonContent.Create(new { model });
        using var response = await api.Client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task AskAsync(ApiUnderTest api, string token, string conversation, string question)
    {
        using var request = api.Authorized(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", token);
        request.Content = JsonContent.Create(new { content = question });
        using var response = await api.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Time to the first content chunk and to the end, straight from the fake provider.</summary>
    private static async Task<(double Ttft, double Total)> DirectAsync(FakeLlmServer llm)
    {
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(llm.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent("""{"model":"bench","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");
        return await ReadStreamAsync(client, request, clock, line => line.Contains("\"content\":\"token", StringComparison.Ordinal));
    }

    private static async Task<(double Ttft, double Total)> ThroughApiAsync(ApiUnderTest api, string token, string conversation, string question)
    {
        var clock = Stopwatch.StartNew();
        using var request = api.Authorized(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", token);
        request.Content = JsonContent.Create(new { content = question });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await ReadStreamAsync(api.Client, request, clock, line => line == "event: delta");
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

    private sealed record Figures(double Ttft50, double Ttft95, double Total50, double Total95);

    private static async Task<Figures> MeasureAsync(int count, int concurrency, Func<int, Task<(double Ttft, double Total)>> run)
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
        return new Figures(LoadRun.Percentile(ttft, 0.5), LoadRun.Percentile(ttft, 0.95), LoadRun.Percentile(total, 0.5), LoadRun.Percentile(total, 0.95));
    }

    private static void Print(string name, Figures figures) =>
        Console.WriteLine($"{name,-28} {figures.Ttft50,9:0.0} {figures.Ttft95,9:0.0} {figures.Total50,10:0.0} {figures.Total95,10:0.0}");
}
