using System.Diagnostics;
using System.Security.Claims;
using BujjiCoder.Api.Llm;
using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Completion;

namespace BujjiCoder.Api.Completion;

/// <summary>
/// One suggestion from the completion model, when one is configured and the caller may use it. It is a bonus on top of
/// the fast path: it gets a fixed time budget, and any failure or timeout means no suggestion rather than a failed request.
/// A caller over their LLM budget gets no suggestion either; the budget is checked alongside the fast path, which answers
/// regardless.
/// </summary>
internal sealed partial class LlmSuggestion(ModelCalls calls, IServiceScopeFactory scopes, TimeProvider time, ILogger<LlmSuggestion> logger)
{
    /// <summary>Completions are typed against; a suggestion later than this is no longer wanted.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private const int CharsBefore = 2_000;
    private const int CharsAfter = 500;
    private const int MaxOutputTokens = 64;

    private const string Instructions =
        "You complete code. The user message is a file with the cursor marked <CURSOR>. Reply with only the code to insert "
        + "at the cursor: no explanation, no markdown fences, and nothing that is already before or after the cursor.";

    /// <summary>The call to await, already running, or null when there is no completion model the caller may use.</summary>
    public Task<CompletionItem?>? Start(ClaimsPrincipal caller, string userId, Guid workspaceId, string path, CursorText cursor, CancellationToken cancellationToken) =>
        calls.ChooseCompletionModel(caller) is { } model
            ? AskAsync(new ModelCallRequest(caller, userId, workspaceId, "completion"), model, Messages(path, cursor), cancellationToken)
            : null;

    /// <summary>
    /// Budget and key are read through a DbContext of their own, so that they run while the request's DbContext answers the
    /// fast path; like the call itself, they must finish within the suggestion's time, or there is no suggestion.
    /// </summary>
    private async Task<CompletionItem?> AskAsync(ModelCallRequest request, LlmModelOptions model, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        await using var scope = scopes.CreateAsyncScope();
        var clock = Stopwatch.StartNew();
        try
        {
            var opening = await scope.ServiceProvider.GetRequiredService<ModelCalls>().OpenAsync(request, model, linked.Token);
            if (opening.Refused)
            {
                LogRefused(logger, opening.Refusal);
                return null;
            }

            var reply = await opening.Call.CompleteAsync(
                new ModelPrompt(messages, new ChatOptions { MaxOutputTokens = Math.Min(MaxOutputTokens, model.MaxOutputTokens) }), linked.Token);
            var text = WithoutFences(reply.Text);
            return text.Trim().Length == 0 ? null : new CompletionItem(text, "llm", 2.0);
        }
        catch (Exception failure) when (failure is LlmProviderException or OperationCanceledException)
        {
            // The call, if it was made, is counted like any other (the provider may bill a prompt it did not answer in time); then dropped.
            LogSkipped(logger, model.Provider, failure is OperationCanceledException ? "cancelled" : "error", (long)clock.Elapsed.TotalMilliseconds);
            return null;
        }
    }

    private static List<ChatMessage> Messages(string path, CursorText cursor)
    {
        var text = cursor.Text;
        var from = SafeCut(text, Math.Max(0, cursor.Offset - CharsBefore));
        var to = SafeCut(text, Math.Min(text.Length, cursor.Offset + CharsAfter));
        var excerpt = $"File: {path}\n\n{text[from..cursor.Offset]}<CURSOR>{text[cursor.Offset..to]}";
        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, excerpt)];
    }

    /// <summary>Moves a cut off the middle of a surrogate pair, so the excerpt is valid UTF-16.</summary>
    private static int SafeCut(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    /// <summary>Models fence code despite being asked not to; the fence is not code to insert.</summary>
    private static string WithoutFences(string reply)
    {
        var trimmed = reply.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return reply.TrimEnd();
        }

        var body = trimmed.IndexOf('\n', StringComparison.Ordinal) is var newline and >= 0 ? trimmed[(newline + 1)..] : string.Empty;
        return (body.EndsWith("```", StringComparison.Ordinal) ? body[..^3] : body).TrimEnd();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Completion suggestion skipped: {Refusal}")]
    private static partial void LogRefused(ILogger logger, ModelCallRefusal refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Completion suggestion from {Provider} skipped ({Outcome}) after {ElapsedMs} ms")]
    private static partial void LogSkipped(ILogger logger, string provider, string outcome, long elapsedMs);
}
