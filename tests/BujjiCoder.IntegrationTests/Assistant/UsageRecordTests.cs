using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>
/// Every model call of chat and composer leaves exactly one usage record, whatever its outcome: what it names (user,
/// workspace, conversation, reply), what it counts (tokens, cost, latency, time to first token) and how it ended.
/// </summary>
public sealed class UsageRecordTests(MeteredCallHost host) : IClassFixture<MeteredCallHost>
{
    private const string Calc = "def add(a, b):\n    return a - b\n";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_is_recorded_once_with_the_message_it_became_and_its_cost()
    {
        var (user, ws, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("It subtracts.", InputTokens: 1000, OutputTokens: 500));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "What does add do?" });
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await UsageAsync(user.UserId));
        Assert.Equal(("chat", MeteredCallHost.Model, MeteredCallHost.Provider, "success", false), (record.Kind, record.Model, record.Provider, record.Outcome, record.CacheHit));
        Assert.Equal((Guid.Parse(ws), Guid.Parse(conversation), reply.GetProperty("message").GetProperty("id").GetGuid()),
            (record.WorkspaceId!.Value, record.ConversationId!.Value, record.MessageId!.Value));
        Assert.Equal((1000, 500, 2000L), (record.InputTokens, record.OutputTokens, record.CostMicroUsd));
        Assert.Null(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task A_streamed_reply_is_recorded_with_its_time_to_first_token()
    {
        var (user, _, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("one two three", ChunkCount: 3, FirstTokenDelay: TimeSpan.FromMilliseconds(300), InputTokens: 10, OutputTokens: 3));

        var events = await StreamAsync(user, conversation, "Count to three");

        Assert.Equal(["context", "delta", "delta", "delta", "usage", "done"], events.Select(e => e.Name));
        var record = Assert.Single(await UsageAsync(user.UserId));
        Assert.Equal(("success", 10, 3, 16L), (record.Outcome, record.InputTokens, record.OutputTokens, record.CostMicroUsd));
        Assert.Equal(events[^1].Data.GetProperty("messageId").GetGuid(), record.MessageId);
        Assert.InRange(record.TimeToFirstTokenMs!.Value, 250, record.LatencyMs);
    }

    [Fact]
    public async Task A_stream_that_breaks_sends_usage_then_error_and_is_recorded_as_an_error_without_a_reply()
    {
        var (user, _, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply("one two three four", ChunkCount: 4, FailAfterFirstChunk: true));

        var events = await StreamAsync(user, conversation, "Count to four");

        Assert.Equal(["context", "delta", "usage", "error"], events.Select(e => e.Name));
        Assert.Equal((502, "The model provider failed"), (events[^1].Data.GetProperty("status").GetInt32(), events[^1].Data.GetProperty("title").GetString()));
        var record = Assert.Single(await UsageAsync(user.UserId));
        Assert.Equal(("error", (Guid?)null), (record.Outcome, record.MessageId));
        Assert.Equal(events[^2].Data.GetProperty("outputTokens").GetInt32(), record.OutputTokens);
        Assert.True(record.InputTokens > 0 && record.OutputTokens > 0 && record.TimeToFirstTokenMs is not null);
        var stored = await user.GetJsonAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal(["user"], stored.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_call_the_provider_refuses_is_a_502_recorded_as_an_error_with_its_prompt_and_no_output()
    {
        var (user, _, conversation) = await ConversationAsync();
        host.Llm.Enqueue(new FakeReply(Status: 400));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "What does add do?" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("provider-error", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("type").GetString()!.Split('/')[^1]);
        var record = Assert.Single(await UsageAsync(user.UserId));
        Assert.Equal(("error", 0, (Guid?)null, (int?)null), (record.Outcome, record.OutputTokens, record.MessageId, record.TimeToFirstTokenMs));
        Assert.True(record.InputTokens > 0);
        Assert.Equal(record.InputTokens, record.CostMicroUsd);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_stream_is_recorded_as_cancelled()
    {
        var (user, _, conversation) = await ConversationAsync();
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

        var record = await SingleRecordAsync(user.UserId, TimeSpan.FromSeconds(10));
        Assert.Equal(("cancelled", (Guid?)null), (record.Outcome, record.MessageId));
        Assert.NotNull(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task A_composer_call_is_recorded_without_a_conversation_and_a_refused_one_as_an_error()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", Calc));
        host.Llm.Enqueue(new FakeReply("Nothing to change.", InputTokens: 200, OutputTokens: 40));
        host.Llm.Enqueue(new FakeReply(Status: 400));

        using var proposed = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "add must add" });
        using var refused = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "add must add" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadGateway), (proposed.StatusCode, refused.StatusCode));
        var records = (await UsageAsync(user.UserId)).OrderBy(r => r.Id).ToList();
        Assert.Equal(["success", "error"], records.Select(r => r.Outcome));
        Assert.All(records, r => Assert.Equal(("composer", (Guid?)Guid.Parse(ws), (Guid?)null, (Guid?)null), (r.Kind, r.WorkspaceId, r.ConversationId, r.MessageId)));
        Assert.Equal((200, 40, 280L), (records[0].InputTokens, records[0].OutputTokens, records[0].CostMicroUsd));
        Assert.Equal(0, records[1].OutputTokens);
    }

    private async Task<(WorkspaceClient User, string Ws, string Conversation)> ConversationAsync()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", Calc));
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "Calc" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (user, ws, (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
    }

    private static async Task<List<(string Name, JsonElement Data)>> StreamAsync(WorkspaceClient user, string conversation, string question)
    {
        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = question });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await user.Http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        return [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            var data = string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
            return (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..], JsonDocument.Parse(data).RootElement);
        })];
    }

    /// <summary>The one record of a call that ends after the response did (a cancelled stream is counted when the server notices).</summary>
    private async Task<UsageRecord> SingleRecordAsync(string userId, TimeSpan timeout)
    {
        using var waiting = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await UsageAsync(userId) is [var record])
            {
                return record;
            }

            await Task.Delay(50, waiting.Token);
        }
    }

    private async Task<List<UsageRecord>> UsageAsync(string userId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        return await db.UsageRecords.AsNoTracking().Where(u => u.UserId == userId).ToListAsync(Cancellation);
    }
}
