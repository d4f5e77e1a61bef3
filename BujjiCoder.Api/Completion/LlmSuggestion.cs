using System.Diagnostics;
using System.Security.Claims;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Chat;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces.Completion;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Completion;

/// <summary>
/// One suggestion from the completion model, when one is configured and the caller may use it. It is a bonus on top of
/// the fast path: it gets a fixed time budget, and any failure or timeout means no suggestion rather than a failed request.
/// A caller over their LLM budget gets no suggestion either; the budget is checked alongside the fast path, which answers
/// regardless.
/// </summary>
internal sealed partial class LlmSuggestion(
    LlmConnections connections, IServiceScopeFactory scopes, ChatClients clients, UsageRecorder usage, TokenCounter tokens, IOptions<LlmOptions> options,
    TimeProvider time, ILogger<LlmSuggestion> logger)
{
    /// <summary>Completions are typed against; a suggestion later than this is no longer wanted.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private const int CharsBefore = 2_000;
    private const int CharsAfter = 500;
    private const int MaxOutputTokens = 64;

    private const string Instructions =
        "You complete code. The user message is a file with the cursor marked <CURSOR>. Reply with only the code to insert "
        + "at the cursor: no explanation, no markdown fences, and nothing that is already before or after the cursor.";

    /// <summary>
    /// Resolves the model and key (uses the request's DbContext, so it must finish before anything else uses it) and
    /// returns the call to await, or null when there is nothing to ask.
    /// </summary>
    public async Task<Task<CompletionItem?>?> StartAsync(
        ClaimsPrincipal caller, string userId, Guid workspaceId, string path, CursorText cursor, CancellationToken cancellationToken)
    {
        var llm = options.Value;
        if (llm.CompletionModel is null || llm.Find(llm.CompletionModel) is not { } model || !ModelEndpoints.MayUse(caller, model))
        {
            return null;
        }

        var connection = await connections.ResolveAsync(userId, model, cancellationToken);
        return connection is null ? null : AskAsync(caller, userId, workspaceId, model, connection, Messages(path, cursor), cancellationToken);
    }

    private async Task<CompletionItem?> AskAsync(
        ClaimsPrincipal caller, string userId, Guid workspaceId, LlmModelOptions model, ResolvedConnection connection, List<ChatMessage> messages,
        CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        if (!await WithinBudgetAsync(caller, userId, linked.Token))
        {
            return null;
        }

        var call = new LlmCallContext(userId, workspaceId, null, "completion", model, connection.ProviderName);
        var clock = Stopwatch.StartNew();
        var promptTokens = messages.Sum(m => tokens.Count(m.Text));
        try
        {
            using var client = clients.Create(connection);
            var response = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = Math.Min(MaxOutputTokens, model.MaxOutputTokens) }, linked.Token);
            var used = TurnUsage.Measure(model, response.Usage, promptTokens, response.Text, tokens);
            await usage.RecordAsync(call, used.InputTokens, used.OutputTokens, clock.Elapsed, "success");
            var text = WithoutFences(response.Text);
            return text.Trim().Length == 0 ? null : new CompletionItem(text, "llm", 2.0);
        }
        catch (Exception failure) when (failure is LlmProviderException or OperationCanceledException)
        {
            // Counted like any other call (the provider may bill a prompt it did not answer in time), then dropped.
            var outcome = failure is OperationCanceledException ? "cancelled" : "error";
            await usage.RecordAsync(call, promptTokens, 0, clock.Elapsed, outcome);
            LogSkipped(logger, connection.ProviderName, outcome, (long)clock.Elapsed.TotalMilliseconds);
            return null;
        }
    }

    /// <summary>
    /// The caller's LLM budget, read through a DbContext of its own so that it runs while the request's DbContext
    /// answers the fast path; a check that does not finish within the suggestion's time means no suggestion.
    /// </summary>
    private async Task<bool> WithinBudgetAsync(ClaimsPrincipal caller, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<BudgetGuard>().CheckAsync(caller, userId, cancellationToken) is { } overBudget)
            {
                LogOverBudget(logger, overBudget.Limit);
                return false;
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Completion suggestion skipped: the {Limit} budget is used up")]
    private static partial void LogOverBudget(ILogger logger, BudgetLimit limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Completion suggestion from {Provider} skipped ({Outcome}) after {ElapsedMs} ms")]
    private static partial void LogSkipped(ILogger logger, string provider, string outcome, long elapsedMs);
}
