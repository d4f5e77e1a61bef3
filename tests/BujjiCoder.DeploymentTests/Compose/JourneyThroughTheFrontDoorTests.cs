using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>The deployed stack does what a user comes for, through the front door only.</summary>
[Collection(ComposeCollection.Name)]
public sealed class JourneyThroughTheFrontDoorTests(ComposeStack stack)
{
    private const string Original = "def add(a, b):\n    return a - b\n";
    private const string Fixed = "def add(a, b):\n    return a + b\n";
    private const string Diff = "--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n";

    [Fact]
    public async Task A_new_user_imports_a_project_chats_with_the_model_and_applies_its_diff()
    {
        var user = await FrontDoorUser.RegisterAsync(stack.FrontDoor);
        var ws = await user.CreateWorkspaceAsync("compose journey");

        var imported = await user.ImportAsync(ws, ("src/calc.py", Original), ("README.md", "# calc\n"));
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());
        Assert.Equal(Original, await user.ReadFileAsync(ws, "src/calc.py"));

        // The Api in its container calls the fake provider on the host, and the answer comes back through nginx.
        var callsBefore = stack.Llm.CallCount;
        stack.Llm.Enqueue(new FakeReply($"add subtracts. Fix:\n```diff\n{Diff}```\n"));
        var conversation = await user.PostAsync($"/api/v1/workspaces/{ws}/conversations", new { title = "fix add", model = ComposeStack.Model }, System.Net.HttpStatusCode.Created);
        var reply = await user.PostAsync($"/api/v1/conversations/{conversation.GetProperty("id").GetString()}/messages", new { content = "Why does add subtract? (see src/calc.py)" });
        Assert.Contains("+    return a + b", reply.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(callsBefore + 1, stack.Llm.CallCount);
        Assert.Contains(stack.Llm.Calls[^1].Messages, message => message.Text.Contains("Why does add subtract?", StringComparison.Ordinal));

        var applied = await user.PostAsync($"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff, message = "Fix add" });
        Assert.False(string.IsNullOrEmpty(applied.GetProperty("revision").GetString()));
        Assert.Equal(Fixed, await user.ReadFileAsync(ws, "src/calc.py"));
    }
}
