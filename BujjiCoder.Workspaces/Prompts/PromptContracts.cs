using Microsoft.Extensions.AI;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>A piece of workspace code found by retrieval for the current question; lines are 1-based and inclusive.</summary>
public sealed record RetrievedSnippet(string Path, int StartLine, int EndLine, string Text, double Score);

/// <summary>One earlier message of the conversation; a history is ordered oldest first.</summary>
public sealed record HistoryMessage(ChatRole Role, string Text);

/// <summary>
/// Everything a grounded chat turn could send to the model. <see cref="ContextWindow"/> is the model's total
/// window in tokens; <see cref="ReservedForReply"/> is kept free for the answer.
/// </summary>
public sealed record PromptRequest(
    string SystemInstructions,
    string? Rules,
    IReadOnlyList<RetrievedSnippet> Snippets,
    IReadOnlyList<HistoryMessage> History,
    string UserMessage,
    int ContextWindow,
    int ReservedForReply);

/// <summary>
/// The messages to send, in order, and what was left out. <see cref="PromptTokens"/> is the exact o200k_base
/// count of every message's text plus <see cref="PromptBuilder.MessageOverhead"/> per message, and never exceeds
/// <see cref="PromptBuilder.BudgetOf"/> of the request.
/// </summary>
public sealed record PromptPlan(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<RetrievedSnippet> IncludedSnippets,
    int PromptTokens,
    int OmittedHistoryMessages);
