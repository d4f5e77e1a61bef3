using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Faults;

/// <summary>
/// A provider that accepts calls and never answers: it gets at most its bulkhead's places (Llm:Concurrency), callers beyond
/// its queue are refused at once with 503 and Retry-After, places come back as callers give up, and chats with another
/// provider go on as if nothing happened.
/// </summary>
public sealed class HangingProviderTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hanging_provider_holds_only_its_own_places_and_other_providers_chats_are_unaffected()
    {
        await using var quick = await FakeLlmServer.StartAsync();
        await using var api = await TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            // Provider names of their own: breakers and bulkheads are per provider name and process-wide.
            .WithFakeLlm("hangingfake", "sk-hanging-server-key-0000")
            .WithProvider("quickfake", new Uri(quick.BaseUrl, "v1").ToString(), "sk-quick-server-key-0000")
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = "hanging-model",
                ["Llm:Models:0:Provider"] = "hangingfake",
                ["Llm:Models:1:Id"] = "quick-model",
                ["Llm:Models:1:Provider"] = "quickfake",
                ["Llm:Concurrency:PermitLimit"] = "2",
                ["Llm:Concurrency:QueueLimit"] = "1",
                ["Llm:Concurrency:QueueTimeout"] = "00:01:00",
                ["Llm:Concurrency:RetryAfter"] = "00:00:07",
            })
            .BuildApiAsync();
        api.Llm.Default = new FakeReply(FirstTokenDelay: TimeSpan.FromMinutes(10));
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("README.md", "# Shop\n"));
        var conversation = await CreateConversationAsync(user, ws);

        // Two calls reach the provider and hang; then a third waits in the queue. (Started after the two hold their places,
        // so the first call is sure to be one of them: cancelling it below must free a place.)
        var hanging = Enumerable.Range(0, 3).Select(_ => new CancellationTokenSource()).ToList();
        var calls = hanging.Take(2).Select(cancel => AskAsync(user, conversation, "hanging-model", cancel.Token)).ToList();
        await WaitUntilAsync(() => api.Llm.CallCount == 2, "the provider never got two calls");
        calls.Add(AskAsync(user, conversation, "hanging-model", hanging[2].Token));
        await Task.Delay(1000, Cancellation);
        Assert.Equal(2, api.Llm.CallCount);

        // The fourth is refused at once, with problem details that say why and when to come back.
        var clock = Stopwatch.StartNew();
        using (var refused = await AskAsync(user, conversation, "hanging-model", Cancellation))
        {
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refused after {clock.Elapsed}");
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Contains("Too many calls to 'hangingfake'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(2, api.Llm.CallCount);

        // Another provider's chat, meanwhile, is answered as usual and promptly.
        quick.Enqueue(new FakeReply("Quick answer."));
        clock.Restart();
        using (var answered = await AskAsync(user, conversation, "quick-model", Cancellation))
        {
            clock.Stop();
            Assert.True(answered.StatusCode == HttpStatusCode.OK, $"{(int)answered.StatusCode} {await answered.Content.ReadAsStringAsync(Cancellation)}");
            var reply = await answered.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("Quick answer.", reply.GetProperty("message").GetProperty("content").GetString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the other provider's chat took {clock.Elapsed}");
        }

        // A caller that gives up frees its place: the queued call goes to the provider.
        await hanging[0].CancelAsync();
        await WaitUntilAsync(() => api.Llm.CallCount == 3, "the queued call never got the freed place");

        foreach (var cancel in hanging)
        {
            await cancel.CancelAsync();
        }

        foreach (var call in calls)
        {
            try
            {
                (await call).Dispose();
            }
            catch (OperationCanceledException)
            {
                // Given up by the test, as a user closing the tab.
            }
        }

        foreach (var cancel in hanging)
        {
            cancel.Dispose();
        }
    }

    private static async Task<string> CreateConversationAsync(WorkspaceClient user, string ws)
    {
        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "Hang", model = "hanging-model" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private static async Task<HttpResponseMessage> AskAsync(WorkspaceClient user, string conversation, string model, CancellationToken cancellationToken)
    {
        using var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content = "Anything?", model });
        return await user.Http.SendAsync(request, cancellationToken);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), failure);
            await Task.Delay(50, Cancellation);
        }
    }
}
