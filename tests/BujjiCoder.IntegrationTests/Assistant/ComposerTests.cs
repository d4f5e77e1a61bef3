using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>The composer proposes a checked diff and writes nothing.</summary>
public sealed class ComposerTests(ChatHost host) : IClassFixture<ChatHost>
{
    private const string Buggy = "def add(a, b):\n    return a - b\n";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_proposal_comes_back_previewed_and_nothing_is_written()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", Buggy));
        host.Llm.Enqueue(new FakeReply(
            "Fixed the sign in add.\n```diff\n--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n```\n",
            InputTokens: 200, OutputTokens: 40));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "add must add", paths = new[] { "src/calc.py" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proposal = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Fixed the sign in add.", proposal.GetProperty("summary").GetString());
        Assert.True(proposal.GetProperty("applies").GetBoolean());
        var file = Assert.Single(proposal.GetProperty("files").EnumerateArray());
        Assert.Equal("src/calc.py", file.GetProperty("path").GetString());
        Assert.Equal("def add(a, b):\n    return a + b\n", file.GetProperty("resultingText").GetString());
        Assert.Contains(host.Llm.Calls[^1].Messages, m => m.Text.Contains("return a - b", StringComparison.Ordinal));
        Assert.Equal(Buggy, await user.ReadAsync(ws, "src/calc.py"));

        // The caller applies it when satisfied.
        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = proposal.GetProperty("diff").GetString() });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("def add(a, b):\n    return a + b\n", await user.ReadAsync(ws, "src/calc.py"));
    }

    [Fact]
    public async Task A_proposal_that_does_not_apply_says_so()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", Buggy));
        host.Llm.Enqueue(new FakeReply("```diff\n--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1 +1 @@\n-def sub(a, b):\n+def minus(a, b):\n```"));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "rename sub" });

        var proposal = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.False(proposal.GetProperty("applies").GetBoolean());
        Assert.NotEmpty(proposal.GetProperty("files")[0].GetProperty("conflicts").EnumerateArray());
    }
}
