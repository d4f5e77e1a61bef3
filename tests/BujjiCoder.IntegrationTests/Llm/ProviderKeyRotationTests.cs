using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>
/// The "Rotate a provider key" procedure of docs/RUNBOOK.md: the server key changes in the running Api's configuration (as a
/// Key Vault reload changes it) and the fake provider shows which key each call carried.
/// </summary>
public sealed class ProviderKeyRotationTests(TestInfrastructure infrastructure)
{
    // A provider name of its own: circuit breakers are per name and process-wide.
    private const string Provider = "rotatefake";
    private const string OldKey = "sk-rotation-old-7d41c0a9e2";
    private const string NewKey = "sk-rotation-new-58be13f6a0";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_call_after_a_rotation_uses_the_new_key_while_a_call_under_way_finishes_and_retries_with_the_old_one()
    {
        var runbook = await File.ReadAllTextAsync(Path.Combine(SolutionPaths.Root, "docs", "RUNBOOK.md"), Cancellation);
        Assert.Contains("Llm--Providers--<name>--ApiKey", runbook, StringComparison.Ordinal);
        await using var api = await TestHost.Postgres(infrastructure)
            .WithOpenRegistration()
            .WithFakeLlm(Provider, OldKey)
            .WithSettings(new Dictionary<string, string?>
            {
                ["Llm:Models:0:Id"] = "rotate-model",
                ["Llm:Models:0:Provider"] = Provider,
                // Long enough to rotate the key between a failed attempt and its retry.
                ["Llm:Resilience:BaseDelay"] = "00:00:02",
            })
            .BuildApiAsync();
        var settings = ReloadingSettings.AddTo(api);
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("README.md", "# Keys\n"));
        var conversation = (await PostJsonAsync(user, $"/api/v1/workspaces/{ws}/conversations", new { title = "Keys" }, HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

        // A call under way: its first attempt fails (transient) and is retried after the rotation.
        api.Llm.Enqueue(new FakeReply(Status: 503));
        api.Llm.Enqueue(new FakeReply("Answered with the old key."));
        var underWay = PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "First question" });
        await WaitForCallsAsync(api.Llm, 1);
        settings.Set(new Dictionary<string, string?> { [$"Llm:Providers:{Provider}:ApiKey"] = NewKey });

        var first = await underWay;
        api.Llm.Enqueue(new FakeReply("Answered with the new key."));
        var second = await PostJsonAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "Second question" });

        Assert.Equal("Answered with the old key.", first.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("Answered with the new key.", second.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal([$"Bearer {OldKey}", $"Bearer {OldKey}", $"Bearer {NewKey}"], api.Llm.Calls.Select(call => call.AuthValue));
    }

    private static async Task WaitForCallsAsync(FakeLlmServer llm, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (llm.CallCount < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<JsonElement> PostJsonAsync(WorkspaceClient user, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await user.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
