using BujjiCoder.Api.Llm;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.Extensions.AI;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>Each provider's SDK, as built by the factory, against the fake provider's wire format.</summary>
public sealed class ChatClientFactoryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, "What is six times seven?"),
    ];

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task A_reply_carries_the_text_and_usage_and_the_request_carries_key_model_and_messages(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var connection = FakeProviders.Connection(Enum.Parse<LlmProviderKind>(provider), fake);
        using var client = ChatClientFactory.Create(connection, http);
        fake.Enqueue(new FakeReply("It is 42.", InputTokens: 11, OutputTokens: 4));

        var response = await client.GetResponseAsync(Conversation, cancellationToken: Cancellation);

        Assert.Equal("It is 42.", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var call = Assert.Single(fake.Calls);
        Assert.Equal(FakeProviders.ExpectedPath(connection.Kind), call.Path);
        Assert.Equal(connection.Model, call.Model);
        Assert.Equal(FakeProviders.ExpectedAuth(connection), (call.AuthHeader, call.AuthValue));
        Assert.Equal([new FakeMessage("system", "You are terse."), new FakeMessage("user", "What is six times seven?")], call.Messages);
        Assert.False(call.Stream);
        Assert.Equal(1, counting.Count);
        if (connection.Kind == LlmProviderKind.AzureOpenAI)
        {
            Assert.Equal("2024-10-21", call.ApiVersion);
        }
    }

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task A_stream_yields_the_chunks_in_order_and_ends_with_usage(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var connection = FakeProviders.Connection(Enum.Parse<LlmProviderKind>(provider), fake);
        using var client = ChatClientFactory.Create(connection, http);
        var reply = new FakeReply("Six times seven is forty two, as ever.", ChunkCount: 4, InputTokens: 9, OutputTokens: 8,
            TokenDelay: TimeSpan.FromMilliseconds(10));
        fake.Enqueue(reply);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation, cancellationToken: Cancellation))
        {
            updates.Add(update);
        }

        Assert.Equal(reply.Chunks(), updates.Select(update => update.Text).Where(text => text.Length > 0));
        var usage = updates.ToChatResponse().Usage;
        Assert.Equal(9, usage?.InputTokenCount);
        Assert.Equal(8, usage?.OutputTokenCount);
        var call = Assert.Single(fake.Calls);
        Assert.True(call.Stream);
        Assert.Equal(connection.Model, call.Model);
        Assert.Equal(FakeProviders.ExpectedAuth(connection), (call.AuthHeader, call.AuthValue));
        Assert.Equal(1, counting.Count);
        if (connection.Kind != LlmProviderKind.Anthropic)
        {
            // OpenAI only reports streamed usage when asked to.
            Assert.True(call.IncludeUsage);
        }
    }

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task A_rate_limit_maps_to_429_with_the_providers_retry_after(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = ChatClientFactory.Create(FakeProviders.Connection(Enum.Parse<LlmProviderKind>(provider), fake));
        fake.Enqueue(new FakeReply("Slow down.", Status: 429, RetryAfter: TimeSpan.FromSeconds(7)));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Conversation, cancellationToken: Cancellation));

        var error = LlmErrors.Map(thrown);
        Assert.NotNull(error);
        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsTransient);
        // The SDKs' own retries are off: one call, not three.
        Assert.Equal(1, fake.CallCount);
    }

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    public async Task A_rejected_key_maps_to_502_and_is_not_transient(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = ChatClientFactory.Create(FakeProviders.Connection(Enum.Parse<LlmProviderKind>(provider), fake));
        fake.Enqueue(new FakeReply("Invalid key.", Status: 401));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Conversation, cancellationToken: Cancellation));

        var error = LlmErrors.Map(thrown);
        Assert.NotNull(error);
        Assert.Equal(502, error.Status);
        Assert.Contains("rejected the key", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Without_a_script_the_fake_echoes_and_counts_words()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = ChatClientFactory.Create(FakeProviders.Connection(LlmProviderKind.OpenAI, fake));

        var response = await client.GetResponseAsync("ping pong", cancellationToken: Cancellation);

        Assert.Equal("echo: ping pong", response.Text);
        Assert.Equal(2, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
    }
}
