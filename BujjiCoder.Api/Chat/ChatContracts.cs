using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Data.Entities;
using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

public sealed record CreateConversationRequest(
    [property: StringLength(200), SingleLineText] string? Title,
    [property: StringLength(100), SingleLineText] string? Model);

public sealed record SendMessageRequest(
    [property: Required, StringLength(100_000, MinimumLength = 1), NoNulCharacter] string? Content,
    [property: StringLength(100), SingleLineText] string? Model);

internal sealed record ConversationResponse(Guid Id, Guid WorkspaceId, string Title, string Model, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// A message; a reply also names the files that were put into its prompt and what it cost (both null for the user's own, and
/// usage null for replies saved before usage was linked to them).
/// </summary>
internal sealed record MessageResponse(
    Guid Id, string Role, string Content, string? Model, DateTime CreatedAt, IReadOnlyList<ContextFile>? Context = null, TurnUsage? Usage = null);

internal sealed record ConversationWithMessages(Guid Id, Guid WorkspaceId, string Title, string Model, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<MessageResponse> Messages);

/// <summary>A file (and line range) that was put into the prompt.</summary>
internal sealed record ContextFile(string Path, int StartLine, int EndLine);

internal sealed record TurnUsage(int InputTokens, int OutputTokens, decimal CostUsd, bool Cached)
{
    /// <summary>A stored reply's usage, as it was recorded.</summary>
    public static TurnUsage From(UsageRecord record) =>
        new(record.InputTokens, record.OutputTokens, record.CostMicroUsd / 1_000_000m, record.CacheHit);

    /// <summary>A fresh call's usage: the provider's counts when it sent them, our own count otherwise, priced from the catalogue.</summary>
    public static TurnUsage Measure(LlmModelOptions model, UsageDetails? reported, int promptTokens, string reply, TokenCounter tokens)
    {
        var input = (int)(reported?.InputTokenCount ?? promptTokens);
        var output = (int)(reported?.OutputTokenCount ?? tokens.Count(reply));
        return new TurnUsage(input, output, model.CostMicroUsd(input, output) / 1_000_000m, Cached: false);
    }
}

/// <summary>The whole reply, for callers that did not ask for a stream.</summary>
internal sealed record ReplyResponse(MessageResponse Message, IReadOnlyList<ContextFile> Context, TurnUsage Usage);
