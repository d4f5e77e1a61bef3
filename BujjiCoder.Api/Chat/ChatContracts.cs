using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Chat;

public sealed record CreateConversationRequest([property: StringLength(200)] string? Title, [property: StringLength(100)] string? Model);

public sealed record SendMessageRequest([property: Required, StringLength(100_000, MinimumLength = 1)] string? Content, [property: StringLength(100)] string? Model);

internal sealed record ConversationResponse(Guid Id, Guid WorkspaceId, string Title, string Model, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed record MessageResponse(Guid Id, string Role, string Content, string? Model, DateTime CreatedAt);

internal sealed record ConversationWithMessages(Guid Id, Guid WorkspaceId, string Title, string Model, DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<MessageResponse> Messages);

/// <summary>A file (and line range) that was put into the prompt.</summary>
internal sealed record ContextFile(string Path, int StartLine, int EndLine);

internal sealed record TurnUsage(int InputTokens, int OutputTokens, decimal CostUsd, bool Cached);

/// <summary>The whole reply, for callers that did not ask for a stream.</summary>
internal sealed record ReplyResponse(MessageResponse Message, IReadOnlyList<ContextFile> Context, TurnUsage Usage);
