namespace BujjiCoder.Data.Entities;

/// <summary>A chat about one workspace, owned by the user who started it.</summary>
public sealed class Conversation
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public required string UserId { get; set; }

    public required string Title { get; set; }

    /// <summary>The catalogue id of the model used unless a message asks for another.</summary>
    public required string Model { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ConversationMessage> Messages { get; set; } = [];
}

/// <summary>One turn of a conversation: the user's message or the assistant's reply, persisted as it was sent.</summary>
public sealed class ConversationMessage
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>"user" or "assistant".</summary>
    public required string Role { get; set; }

    public required string Content { get; set; }

    /// <summary>For replies: the catalogue id of the model that wrote it.</summary>
    public string? Model { get; set; }

    /// <summary>For replies: the files put into the prompt, as JSON.</summary>
    public string? ContextJson { get; set; }

    public DateTime CreatedAt { get; set; }
}
