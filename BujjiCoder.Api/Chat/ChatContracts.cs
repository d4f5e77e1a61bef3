using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;

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

/// <summary>The whole reply, for callers that did not ask for a stream.</summary>
internal sealed record ReplyResponse(MessageResponse Message, IReadOnlyList<ContextFile> Context, TurnUsage Usage);
