using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.IntegrationTests.Workspaces.Files;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>
/// Chat and composer retrieval with and without the SemanticSearch flag, read off the prompt the fake LLM received: a
/// question asked in other words than the code reaches the code only when retrieval is hybrid.
/// </summary>
public sealed class SemanticGroundingTests(SemanticChatHost semantic, SemanticSearchOffHost wordsOnly) : IClassFixture<SemanticChatHost>, IClassFixture<SemanticSearchOffHost>
{
    /// <summary>None of its words of three letters or more is in the payment code, so word retrieval cannot find it.</summary>
    private const string Question = "Where do we charge the customer's credit card?";

    private const string CaptureLine = "var authorization = await gateway.Authorize(order.PaymentMethod, order.Total);";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_semantic_search_on_a_question_in_other_words_is_grounded_in_the_file_that_answers_it()
    {
        var user = await ConversationAsync(semantic.Factory.CreateClient(), semantic.IndexAsync);
        semantic.Llm.Enqueue(new FakeReply("In PaymentProcessor.CapturePayment."));

        var reply = await AskAsync(user.Client, user.Conversation);

        Assert.Contains(reply.GetProperty("context").EnumerateArray(), f => f.GetProperty("path").GetString() == "src/Payments/PaymentProcessor.cs");
        Assert.Contains(semantic.Llm.Calls[^1].Messages, m => m.Role == "system" && m.Text.Contains(CaptureLine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_semantic_search_off_retrieval_is_by_words_only_as_before()
    {
        var user = await ConversationAsync(wordsOnly.Factory.CreateClient(), () => Task.CompletedTask);
        wordsOnly.Llm.Enqueue(new FakeReply("I could not find it."));

        var reply = await AskAsync(user.Client, user.Conversation);

        Assert.DoesNotContain(reply.GetProperty("context").EnumerateArray(), f => f.GetProperty("path").GetString() == "src/Payments/PaymentProcessor.cs");
        Assert.DoesNotContain(wordsOnly.Llm.Calls[^1].Messages, m => m.Text.Contains(CaptureLine, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_composer_is_given_the_code_an_instruction_in_other_words_is_about_only_with_semantic_search_on(bool on)
    {
        var host = on ? (ApiHost)semantic : wordsOnly;
        var (user, ws) = await WorkspaceAsync(host.Factory.CreateClient(), on ? semantic.IndexAsync : () => Task.CompletedTask);
        host.Llm.Enqueue(new FakeReply("Nothing to change."));

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "Retry when charging the customer's credit card fails" });

        Assert.Equal(on, host.Llm.Calls[^1].Messages.Any(m => m.Text.Contains(CaptureLine, StringComparison.Ordinal)));
    }

    private static async Task<(WorkspaceClient Client, string Ws)> WorkspaceAsync(HttpClient http, Func<Task> index)
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(http,
            ("src/Payments/PaymentProcessor.cs", SemanticSearchTests.Payments), ("web/headers.js", SemanticSearchTests.Headers),
            ("src/Text/Slugs.cs", SemanticSearchTests.Slugs), ("tools/dates.py", SemanticSearchTests.Dates));
        await index();
        return (user, ws);
    }

    private static async Task<(WorkspaceClient Client, string Conversation)> ConversationAsync(HttpClient http, Func<Task> index)
    {
        var (user, ws) = await WorkspaceAsync(http, index);
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "Payments" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (user, (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> AskAsync(WorkspaceClient user, string conversation)
    {
        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = Question });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
