using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>
/// The exporter listens to every meter of a name in the process, other hosts' too (the fake LLM server's requests show up
/// in a scrape): counted alone, a neighbour's failed sign-ins cannot change what these tests count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (run alone)";
}

/// <summary>
/// The Prometheus scrape endpoint on the management port: what operators and alerts read about model calls, the reply
/// cache, sign-ins, readiness and the database pool, and that the public port does not serve it.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private const string Provider = MetricsHost.Provider;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scrape_during_a_chat_answers_and_after_it_shows_the_call_its_tokens_cost_and_time_to_first_token()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/a.go", "package a\n"));
        var conversation = await ConversationAsync(user, ws, MetricsHost.Model);
        var model = ("model", MetricsHost.Model);
        var before = await ScrapeAsync();
        host.Llm.Enqueue(new FakeReply("One two three four five six.", InputTokens: 1000, OutputTokens: 100,
            FirstTokenDelay: TimeSpan.FromMilliseconds(300), TokenDelay: TimeSpan.FromMilliseconds(500), ChunkCount: 3));

        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = "Count to six." });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
        response.EnsureSuccessStatusCode();
        var during = await ScrapeAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"Scrape during the chat:\n{during.Text}");
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("event: done", body, StringComparison.Ordinal);

        Assert.True(during.Has("http_server_active_requests"), "the scrape during the chat has the Api's request metrics");
        var after = await ScrapeUntilAsync(scrape =>
            scrape.Sum("bujji_llm_calls_total", ("provider", Provider), model, ("kind", "chat"), ("outcome", "success"))
            > before.Sum("bujji_llm_calls_total", ("provider", Provider), model, ("kind", "chat"), ("outcome", "success")));
        TestContext.Current.TestOutputHelper?.WriteLine($"Scrape after the chat:\n{after.Text}");
        double Grew(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(1, Grew("bujji_llm_calls_total", ("provider", Provider), model, ("kind", "chat"), ("outcome", "success")));
        Assert.Equal(1000, Grew("bujji_llm_tokens_total", ("provider", Provider), model, ("direction", "input")));
        Assert.Equal(100, Grew("bujji_llm_tokens_total", ("provider", Provider), model, ("direction", "output")));
        Assert.Equal(0.0012, Grew("bujji_llm_cost_usd_total", ("provider", Provider), model), precision: 9);
        Assert.Equal(1, Grew("bujji_llm_time_to_first_token_seconds_count", ("provider", Provider), model));
        // The fake waits 300 ms before its first token; the Api's clock and the fake's timer differ by a millisecond or so.
        Assert.InRange(Grew("bujji_llm_time_to_first_token_seconds_sum", ("provider", Provider), model), 0.25, 30);
        Assert.Equal(1, Grew("bujji_llm_duration_seconds_count", ("provider", Provider), model, ("outcome", "success")));
        // The whole reply took its three chunks' delays; the first token came before the end.
        Assert.InRange(Grew("bujji_llm_duration_seconds_sum", ("provider", Provider), model, ("outcome", "success")), 1.0, 60);
        Assert.Equal(0, after.Sum("bujji_llm_breaker_state", ("provider", Provider)));
    }

    [Fact]
    public async Task A_repeated_deterministic_question_counts_a_cache_miss_then_a_hit()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/b.go", "package b\n"));
        var question = $"What is in package b? ({Guid.NewGuid():N})";
        var before = await ScrapeAsync();
        host.Llm.Enqueue(new FakeReply("Nothing yet.", InputTokens: 10, OutputTokens: 3));

        await AskAsync(user, await ConversationAsync(user, ws, MetricsHost.CachedModel), question);
        await AskAsync(user, await ConversationAsync(user, ws, MetricsHost.CachedModel), question);

        var after = await ScrapeUntilAsync(scrape => scrape.Sum("bujji_llm_cache_lookups_total", ("result", "hit")) > before.Sum("bujji_llm_cache_lookups_total", ("result", "hit")));
        Assert.Equal(1, after.Sum("bujji_llm_cache_lookups_total", ("result", "hit")) - before.Sum("bujji_llm_cache_lookups_total", ("result", "hit")));
        Assert.Equal(1, after.Sum("bujji_llm_cache_lookups_total", ("result", "miss")) - before.Sum("bujji_llm_cache_lookups_total", ("result", "miss")));
        // The hit asked no provider, so it is not a model call.
        Assert.Equal(1, after.Sum("bujji_llm_calls_total", ("model", MetricsHost.CachedModel)) - before.Sum("bujji_llm_calls_total", ("model", MetricsHost.CachedModel)));
    }

    [Fact]
    public async Task Failed_sign_ins_a_lockout_and_a_refusal_while_locked_are_counted()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        var before = await ScrapeAsync();

        for (var attempt = 1; attempt <= MetricsHost.MaxFailedAttempts; attempt++)
        {
            using var wrong = await LoginAsync(client, userName, "not the password at all");
        }

        using var locked = await LoginAsync(client, userName);
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);

        var after = await ScrapeUntilAsync(scrape => scrape.Sum("bujji_auth_sign_ins_total", ("outcome", "locked_out")) > before.Sum("bujji_auth_sign_ins_total", ("outcome", "locked_out")));
        Assert.Equal(MetricsHost.MaxFailedAttempts, after.Sum("bujji_auth_sign_ins_total", ("outcome", "failed")) - before.Sum("bujji_auth_sign_ins_total", ("outcome", "failed")));
        Assert.Equal(1, after.Sum("bujji_auth_sign_ins_total", ("outcome", "locked_out")) - before.Sum("bujji_auth_sign_ins_total", ("outcome", "locked_out")));
        Assert.Equal(1, after.Sum("bujji_auth_lockouts_total") - before.Sum("bujji_auth_lockouts_total"));
    }

    [Fact]
    public async Task The_scrape_shows_readiness_request_latency_and_the_database_pool_against_its_limit()
    {
        using var client = host.Factory.CreateClient();
        (await client.GetAsync("/api/v1/info", Cancellation)).EnsureSuccessStatusCode();

        var scrape = await ScrapeUntilAsync(scrape => scrape.Has("bujji_health_ready")
            && scrape.Matching("http_server_request_duration_seconds_count", ("http_route", "/api/v1/info")).Any());

        Assert.NotEmpty(scrape.Matching("bujji_health_ready"));
        Assert.All(scrape.Matching("bujji_health_ready"), sample => Assert.Equal(1, sample.Value));
        Assert.All(scrape.Matching("bujji_health_check", ("check", "database")), sample => Assert.Equal(1, sample.Value));
        Assert.Contains(scrape.Matching("http_server_request_duration_seconds_count", ("http_route", "/api/v1/info")), sample => sample.Value >= 1);
        var poolMax = scrape.Samples.Where(sample => sample.Name.StartsWith("db_client_connection", StringComparison.Ordinal) && sample.Name.Contains("max", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(poolMax);
        Assert.All(poolMax, sample => Assert.True(sample.Value > 0));
        Assert.Contains(scrape.Samples, sample => sample.Name.StartsWith("db_client_connection", StringComparison.Ordinal) && sample.Labels.Values.Contains("used"));
    }

    [Fact]
    public async Task The_public_port_does_not_serve_metrics()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.GetAsync("/metrics", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual(host.ManagementAddress.Port, client.BaseAddress!.Port);
        // Nor does naming the management port in the Host header open it: the socket's port decides.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Host = $"127.0.0.1:{host.ManagementAddress.Port}";
        using var forgedResponse = await client.SendAsync(forged, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, forgedResponse.StatusCode);
        Assert.DoesNotContain("bujji_", await forgedResponse.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.True((await ScrapeAsync()).Has("bujji_health_ready"));
    }

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var management = new HttpClient { BaseAddress = host.ManagementAddress };
        using var response = await management.GetAsync("/metrics", Cancellation);
        response.EnsureSuccessStatusCode();
        return new PrometheusScrape(await response.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>Metrics are recorded as requests end and the exporter caches a scrape briefly: ask until it shows.</summary>
    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> shows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (shows(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(100, Cancellation);
        }
    }

    private static async Task<string> ConversationAsync(WorkspaceClient user, string ws, string model)
    {
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { model });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private static async Task AskAsync(WorkspaceClient user, string conversation, string question)
    {
        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = question });
        response.EnsureSuccessStatusCode();
    }
}
