using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>Grounded chat through the Api against the fake provider: prompt, persistence, streaming, errors, keys, privacy.</summary>
public sealed class ChatTests(ChatHost host) : IClassFixture<ChatHost>
{
    private const string Service = "namespace Shop;\n\npublic sealed class InvoiceService\n{\n    public decimal Total(Invoice invoice) => invoice.Lines.Sum(l => l.Amount);\n}\n";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_question_is_answered_from_the_workspace_rules_and_code_and_costed()
    {
        var (user, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("InvoiceService sums the lines.", InputTokens: 1000, OutputTokens: 500));

        var reply = await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "How does InvoiceService compute the total?" });

        Assert.Equal("InvoiceService sums the lines.", reply.GetProperty("message").GetProperty("content").GetString());
        Assert.Contains(reply.GetProperty("context").EnumerateArray(), f => f.GetProperty("path").GetString() == "src/InvoiceService.cs");
        Assert.Equal(0.00045m, reply.GetProperty("usage").GetProperty("costUsd").GetDecimal());
        var call = host.Llm.Calls[^1];
        Assert.Equal("upstream-chat", call.Model);
        Assert.Equal($"Bearer {ChatHost.ServerKey}", call.AuthValue);
        Assert.Contains(call.Messages, m => m.Role == "system" && m.Text.Contains("Money is decimal.", StringComparison.Ordinal));
        Assert.Contains(call.Messages, m => m.Text.Contains("public sealed class InvoiceService", StringComparison.Ordinal));
        Assert.Equal(("user", "How does InvoiceService compute the total?"), (call.Messages[^1].Role, call.Messages[^1].Text));

        var stored = await user.GetJsonAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal(["user", "assistant"], stored.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        // Reopened later, the reply still shows which files it was given.
        Assert.Contains(stored.GetProperty("messages")[1].GetProperty("context").EnumerateArray(), f => f.GetProperty("path").GetString() == "src/InvoiceService.cs"
            && f.GetProperty("startLine").GetInt32() >= 1);
        var usage = (await user.GetJsonAsync("/api/v1/me/usage?groupBy=model")).GetProperty("totals");
        Assert.Equal(1, usage.GetProperty("requests").GetInt32());
        Assert.Equal(1000, usage.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0.00045m, usage.GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task A_follow_up_carries_the_earlier_turn_once_and_the_new_question_once_at_the_end()
    {
        var (user, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("It sums the lines."));
        host.Llm.Enqueue(new FakeReply("Lines come from the invoice."));

        await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "What does InvoiceService.Total do?" });
        await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "Where do the lines come from?" });

        // Rules and code travel in system messages; the rest is the history and the question. The question is saved while
        // the history is read, and must not be read back into it.
        Assert.Equal(
            [("user", "What does InvoiceService.Total do?"), ("assistant", "It sums the lines."), ("user", "Where do the lines come from?")],
            host.Llm.Calls[^1].Messages.Where(m => m.Role != "system").Select(m => (m.Role, m.Text)));
    }

    [Fact]
    public async Task A_streamed_reply_sends_context_deltas_usage_and_done_in_order()
    {
        var (user, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("one two three four five six", ChunkCount: 3, InputTokens: 10, OutputTokens: 6));

        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = "Tell me about InvoiceService" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await user.Http.SendAsync(request, Cancellation);
        var events = ParseEvents(await response.Content.ReadAsStringAsync(Cancellation));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["context", "delta", "delta", "delta", "usage", "done"], events.Select(e => e.Name));
        Assert.Equal("one two three four five six", string.Concat(events.Where(e => e.Name == "delta").Select(e => e.Data.GetProperty("text").GetString())));
        Assert.Equal(6, events.Single(e => e.Name == "usage").Data.GetProperty("outputTokens").GetInt32());
        var stored = await user.GetJsonAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal("one two three four five six", stored.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Each_reply_reopened_later_shows_its_own_tokens_and_cost()
    {
        var (user, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("It sums the lines.", InputTokens: 1000, OutputTokens: 500));
        host.Llm.Enqueue(new FakeReply("Amounts are decimal.", ChunkCount: 2, InputTokens: 2000, OutputTokens: 1000));
        host.Llm.Enqueue(new FakeReply(Status: 429, RetryAfter: TimeSpan.FromMinutes(1)));

        await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "How is the total computed?" });
        using (var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages"))
        {
            request.Content = JsonContent.Create(new { content = "And the amounts?" });
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var streamed = await user.Http.SendAsync(request, Cancellation);
            Assert.Contains("event: done", await streamed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        // A failed call is counted in usage but wrote no reply: it must not lend its numbers to another message.
        using (var failed = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Anything else?" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, failed.StatusCode);
        }

        var messages = (await user.GetJsonAsync($"/api/v1/conversations/{conversation}")).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(["user", "assistant", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.All(messages.Where(m => m.GetProperty("role").GetString() == "user"), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("usage").ValueKind));
        var first = messages[1].GetProperty("usage");
        Assert.Equal((1000, 500, 0.00045m, false),
            (first.GetProperty("inputTokens").GetInt32(), first.GetProperty("outputTokens").GetInt32(), first.GetProperty("costUsd").GetDecimal(), first.GetProperty("cached").GetBoolean()));
        var second = messages[3].GetProperty("usage");
        Assert.Equal((2000, 1000, 0.0009m, false),
            (second.GetProperty("inputTokens").GetInt32(), second.GetProperty("outputTokens").GetInt32(), second.GetProperty("costUsd").GetDecimal(), second.GetProperty("cached").GetBoolean()));
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_call()
    {
        var (user, conversation) = await ConversationAsync();
        var cancelledBefore = host.Llm.CancelledCount;
        host.Llm.Enqueue(new FakeReply(string.Join(' ', Enumerable.Range(0, 40).Select(i => $"word{i}")), ChunkCount: 40, TokenDelay: TimeSpan.FromMilliseconds(200)));

        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = "Stream slowly" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        using (var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token))
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
            while (await reader.ReadLineAsync(leave.Token) is { } line && line != "event: delta")
            {
            }

            await leave.CancelAsync();
        }

        await host.Llm.WaitForCancelledAsync(cancelledBefore + 1, TimeSpan.FromSeconds(10), Cancellation);
        Assert.True(host.Llm.CancelledCount > cancelledBefore);
    }

    [Fact]
    public async Task An_upstream_429_reaches_the_caller_with_retry_after()
    {
        var (user, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply(Status: 429, RetryAfter: TimeSpan.FromMinutes(2)));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Hello" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_users_own_key_is_used_instead_of_the_servers_and_never_logged()
    {
        var (user, conversation) = await ConversationAsync();
        var canary = $"sk-own-key-{Guid.NewGuid():N}";
        using var put = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/chatfake", new { apiKey = canary });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "Which key?" });

        Assert.Equal($"Bearer {canary}", host.Llm.Calls[^1].AuthValue);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_else_cannot_read_or_use_a_conversation()
    {
        var (owner, conversation) = await ConversationAsync();
        var stranger = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var calls = host.Llm.CallCount;

        using var read = await stranger.SendAsync(HttpMethod.Get, $"/api/v1/conversations/{conversation}");
        using var post = await stranger.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "hi" });
        using var delete = await stranger.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{conversation}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(calls, host.Llm.CallCount);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, $"/api/v1/conversations/{conversation}")).StatusCode);
    }

    private async Task<(WorkspaceClient User, string Conversation)> ConversationAsync()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/InvoiceService.cs", Service), ("README.md", "# Shop\n"));
        using var rules = await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "Money is decimal." });
        var created = await PostJsonAsync(user, $"/api/v1/workspaces/{ws}/conversations", new { title = "Totals" }, HttpStatusCode.Created);
        return (user, created.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> PostJsonAsync(WorkspaceClient user, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await user.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static List<(string Name, JsonElement Data)> ParseEvents(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            var name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            var data = string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
            return (name, JsonDocument.Parse(data).RootElement);
        })];
}
