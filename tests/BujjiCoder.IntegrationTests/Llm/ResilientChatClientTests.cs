using BujjiCoder.Api.Llm;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>Retries, timeouts, cancellation and the circuit breaker, against the fake provider over real HTTP.</summary>
public sealed class ResilientChatClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly ResilienceSettings Quick = new(
        Timeout: TimeSpan.FromSeconds(10), MaxRetries: 2, BaseDelay: TimeSpan.FromMilliseconds(10),
        BreakerFailures: 5, BreakDuration: TimeSpan.FromMinutes(1));

    // The meters are not what these tests are about; they only need somewhere to go.
    private static readonly LlmMetrics Metrics = new(
        new ServiceCollection().AddMetrics().BuildServiceProvider()
            .GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), TimeProvider.System);

    // A name per client: breakers are shared by provider name across the process, and tests must not share one.
    private static ResilientChatClient Resilient(LlmProviderKind kind, FakeLlmServer fake, ResilienceSettings? settings = null) =>
        new(ChatClientFactory.Create(FakeProviders.Connection(kind, fake)), $"{kind}-{Guid.NewGuid():N}", settings ?? Quick, TimeProvider.System, Metrics);

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task A_stream_failing_before_its_first_token_is_retried(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(Enum.Parse<LlmProviderKind>(provider), fake);
        fake.Enqueue(new FakeReply("Overloaded.", Status: 500));
        var reply = new FakeReply("Second time lucky.", ChunkCount: 3);
        fake.Enqueue(reply);

        var text = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync("Try again", cancellationToken: Cancellation))
        {
            text.Add(update.Text);
        }

        Assert.Equal(reply.Text, string.Concat(text));
        Assert.Equal(2, fake.CallCount);
    }

    [Fact]
    public async Task A_plain_call_is_retried_after_a_rate_limit_and_a_server_error()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(LlmProviderKind.OpenAI, fake);
        fake.Enqueue(new FakeReply("Slow down.", Status: 429, RetryAfter: TimeSpan.FromSeconds(1)));
        fake.Enqueue(new FakeReply("Oops.", Status: 503));
        fake.Enqueue(new FakeReply("Done."));

        var response = await client.GetResponseAsync("Go", cancellationToken: Cancellation);

        Assert.Equal("Done.", response.Text);
        Assert.Equal(3, fake.CallCount);
    }

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task A_stream_failing_after_its_first_token_is_not_retried(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(Enum.Parse<LlmProviderKind>(provider), fake);
        fake.Enqueue(new FakeReply("one two three four", ChunkCount: 4, FailAfterFirstChunk: true));

        var texts = new List<string>();
        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Go", cancellationToken: Cancellation))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal("one ", string.Concat(texts));
        Assert.Equal(502, error.Status);
        Assert.Equal(1, fake.CallCount);
    }

    [Theory]
    [InlineData(nameof(LlmProviderKind.OpenAI))]
    [InlineData(nameof(LlmProviderKind.AzureOpenAI))]
    [InlineData(nameof(LlmProviderKind.Anthropic))]
    [InlineData(nameof(LlmProviderKind.OpenAICompatible))]
    public async Task Cancelling_mid_stream_cancels_the_upstream_request(string provider)
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(Enum.Parse<LlmProviderKind>(provider), fake);
        fake.Enqueue(new FakeReply("a long answer that takes its time", ChunkCount: 7, TokenDelay: TimeSpan.FromMilliseconds(300)));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var texts = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Go", cancellationToken: caller.Token))
            {
                texts.Add(update.Text);
                if (string.Concat(texts).Length > 0)
                {
                    await caller.CancelAsync();
                }
            }
        });

        await fake.WaitForCancelledAsync(1, TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal(1, fake.CancelledCount);
        Assert.Equal(1, fake.CallCount);
    }

    [Fact]
    public async Task A_slow_first_token_times_out_as_504()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        // A second, not less: on a loaded machine the request must reach the fake before the timeout for the
        // cancellation to be seen there.
        using var client = Resilient(LlmProviderKind.Anthropic, fake,
            Quick with { Timeout = TimeSpan.FromSeconds(1), MaxRetries = 0 });
        fake.Enqueue(new FakeReply("Too late.", FirstTokenDelay: TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Go", cancellationToken: Cancellation))
            {
                Assert.Fail($"No update expected, got '{update.Text}'.");
            }
        });

        Assert.Equal(504, error.Status);
        await fake.WaitForCancelledAsync(1, TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal(1, fake.CancelledCount);
    }

    [Fact]
    public async Task A_rejected_key_is_not_retried()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(LlmProviderKind.OpenAI, fake);
        fake.Enqueue(new FakeReply("Bad key.", Status: 401));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => client.GetResponseAsync("Go", cancellationToken: Cancellation));

        Assert.Equal(502, error.Status);
        Assert.Equal(1, fake.CallCount);
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_cap_is_passed_on_without_waiting()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        using var client = Resilient(LlmProviderKind.OpenAI, fake, Quick with { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        fake.Enqueue(new FakeReply("Come back in an hour.", Status: 429, RetryAfter: TimeSpan.FromHours(1)));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => client.GetResponseAsync("Go", cancellationToken: Cancellation));

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(1, fake.CallCount);
    }

    [Fact]
    public async Task The_breaker_opens_after_consecutive_failures_and_then_fails_fast_for_every_client_of_the_provider()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        var settings = Quick with { MaxRetries = 0, BreakerFailures = 3 };
        var name = $"breaker-{Guid.NewGuid():N}";
        var connection = FakeProviders.Connection(LlmProviderKind.OpenAI, fake);
        using var first = new ResilientChatClient(ChatClientFactory.Create(connection), name, settings, TimeProvider.System, Metrics);
        for (var i = 0; i < 3; i++)
        {
            fake.Enqueue(new FakeReply("Down.", Status: 500));
            var failure = await Assert.ThrowsAsync<LlmProviderException>(() => first.GetResponseAsync("Go", cancellationToken: Cancellation));
            Assert.Equal(502, failure.Status);
        }

        // Another conversation with the same provider: the breaker is the provider's, not the client's.
        using var second = new ResilientChatClient(ChatClientFactory.Create(connection), name, settings, TimeProvider.System, Metrics);
        var open = await Assert.ThrowsAsync<LlmProviderException>(() => second.GetResponseAsync("Go", cancellationToken: Cancellation));
        var openStream = await Assert.ThrowsAsync<LlmProviderException>(async () =>
        {
            await foreach (var update in second.GetStreamingResponseAsync("Go", cancellationToken: Cancellation))
            {
                Assert.Fail($"No update expected, got '{update.Text}'.");
            }
        });

        Assert.Equal(503, open.Status);
        Assert.Equal(503, openStream.Status);
        Assert.Equal(3, fake.CallCount);
    }
}
