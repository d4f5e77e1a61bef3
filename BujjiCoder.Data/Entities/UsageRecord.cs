namespace BujjiCoder.Data.Entities;

/// <summary>One LLM call (or cache hit): who, where, which model, tokens, cost, timing and outcome.</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string UserId { get; set; }

    public Guid? WorkspaceId { get; set; }

    public Guid? ConversationId { get; set; }

    /// <summary>The assistant message a chat call produced, so each reply can show its own tokens and cost; null when there was no reply.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>chat, composer or completion.</summary>
    public required string Kind { get; set; }

    public required string Model { get; set; }

    public required string Provider { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    /// <summary>Cost in millionths of a dollar: an integer sums exactly on every database (SQLite has no decimal).</summary>
    public long CostMicroUsd { get; set; }

    public int LatencyMs { get; set; }

    public int? TimeToFirstTokenMs { get; set; }

    public bool CacheHit { get; set; }

    /// <summary>success, error or cancelled.</summary>
    public required string Outcome { get; set; }
}
