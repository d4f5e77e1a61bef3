using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>Deterministic requests are answered from the cache: no upstream call, no cost, counted as hits, never across workspaces.</summary>
public sealed class ReplyCacheTests(ChatHost host) : IClassFixture<ChatHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repeated_deterministic_question_is_served_from_the_cache_for_free()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/tax.go", "package tax\n\nfunc Rate() float64 { return 0.2 }\n"));
        var question = $"What is the tax Rate? ({Guid.NewGuid():N})";
        host.Llm.Enqueue(new FakeReply("The rate is 0.2.", InputTokens: 1000, OutputTokens: 100));

        var first = await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);
        var calls = host.Llm.CallCount;
        var second = await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);
        var streamed = await AskAsync(user, await ConversationAsync(user, ws), question, stream: true);

        Assert.Equal(calls, host.Llm.CallCount);
        Assert.Equal("The rate is 0.2.", first);
        Assert.Equal(first, second);
        Assert.Equal(first, streamed);
        var totals = (await user.GetJsonAsync("/api/v1/me/usage?groupBy=model")).GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("requests").GetInt32());
        Assert.Equal(2, totals.GetProperty("cacheHits").GetInt32());
        Assert.Equal(0.0012m, totals.GetProperty("costUsd").GetDecimal());

        // The same question about another workspace is never answered from this one's cache.
        var (other, otherWs) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/tax.go", "package tax\n\nfunc Rate() float64 { return 0.2 }\n"));
        await AskAsync(other, await ConversationAsync(other, otherWs), question, stream: false);
        Assert.Equal(calls + 1, host.Llm.CallCount);
    }

    [Fact]
    public async Task A_reply_from_the_cache_is_shown_as_cached_and_free_when_reopened()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/vat.go", "package vat\n\nfunc Rate() float64 { return 0.19 }\n"));
        var question = $"What is the VAT Rate? ({Guid.NewGuid():N})";
        host.Llm.Enqueue(new FakeReply("The rate is 0.19.", InputTokens: 1000, OutputTokens: 100));
        var fresh = await ConversationAsync(user, ws);
        var replayed = await ConversationAsync(user, ws);

        await AskAsync(user, fresh, question, stream: false);
        await AskAsync(user, replayed, question, stream: true);

        var freshUsage = (await user.GetJsonAsync($"/api/v1/conversations/{fresh}")).GetProperty("messages")[1].GetProperty("usage");
        var cachedUsage = (await user.GetJsonAsync($"/api/v1/conversations/{replayed}")).GetProperty("messages")[1].GetProperty("usage");
        Assert.False(freshUsage.GetProperty("cached").GetBoolean());
        Assert.Equal(0.0012m, freshUsage.GetProperty("costUsd").GetDecimal());
        Assert.True(cachedUsage.GetProperty("cached").GetBoolean());
        Assert.Equal(0m, cachedUsage.GetProperty("costUsd").GetDecimal());
        Assert.Equal(100, cachedUsage.GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task A_cached_reply_outlives_an_unrelated_change_but_not_a_change_to_the_code_it_was_grounded_on()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/fee.go", "package fee\n\nfunc Rate() float64 { return 0.3 }\n"));
        var question = $"What is the fee Rate? ({Guid.NewGuid():N})";
        host.Llm.Enqueue(new FakeReply("The rate is 0.3."));
        await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);
        // Asked again: a hit the long way (retrieval, prompt, key), which leaves the shortcut a third ask takes.
        await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);
        var calls = host.Llm.CallCount;

        await user.WriteAsync(ws, "docs/unrelated.txt", "nothing about it\n");
        var afterUnrelated = await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);
        await user.WriteAsync(ws, "src/fee.go", "package fee\n\nfunc Rate() float64 { return 0.4 }\n");
        host.Llm.Enqueue(new FakeReply("The rate is 0.4."));
        var afterChange = await AskAsync(user, await ConversationAsync(user, ws), question, stream: false);

        Assert.Equal("The rate is 0.3.", afterUnrelated);
        Assert.Equal("The rate is 0.4.", afterChange);
        Assert.Equal(calls + 1, host.Llm.CallCount);
        Assert.Contains("0.4", host.Llm.Calls[^1].Messages.Single(m => m.Text.Contains("func Rate", StringComparison.Ordinal)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_served_through_the_shortcut_names_the_files_its_prompt_held()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/levy.go", "package levy\n\nfunc Rate() float64 { return 0.5 }\n"));
        var question = $"What is the levy Rate? ({Guid.NewGuid():N})";
        host.Llm.Enqueue(new FakeReply("The rate is 0.5."));

        var contexts = new List<string>();
        for (var ask = 0; ask < 3; ask++)
        {
            using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{await ConversationAsync(user, ws)}/messages", new { content = question });
            var reply = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("The rate is 0.5.", reply.GetProperty("message").GetProperty("content").GetString());
            contexts.Add(reply.GetProperty("context").GetRawText());
            Assert.Equal(contexts[0], reply.GetProperty("message").GetProperty("context").GetRawText());
        }

        Assert.Contains("src/levy.go", contexts[0], StringComparison.Ordinal);
        Assert.All(contexts, context => Assert.Equal(contexts[0], context));
    }

    private static async Task<string> ConversationAsync(WorkspaceClient user, string ws)
    {
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { model = "cached-model" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private static async Task<string> AskAsync(WorkspaceClient user, string conversation, string question, bool stream)
    {
        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = question });
        if (stream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        using var response = await user.Http.SendAsync(request, Cancellation);
        response.EnsureSuccessStatusCode();
        if (!stream)
        {
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("message").GetProperty("content").GetString()!;
        }

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("\"cached\":true", body, StringComparison.Ordinal);
        return string.Concat(body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(block => block.StartsWith("event: delta", StringComparison.Ordinal))
            .Select(block => JsonDocument.Parse(block.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..]).RootElement.GetProperty("text").GetString()));
    }
}
