using BujjiCoder.Data;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Usage;

/// <summary>How a model call ended, as usage records and budgets count it: failed and cancelled calls are billed too.</summary>
internal static class UsageOutcomes
{
    public const string Success = "success";
    public const string Error = "error";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// One model call (or cache hit) as it is recorded: who made it, where, of which kind (chat, composer, completion), to
/// which model at which provider, what it counted and cost, how long it took and how it ended; and, for a chat reply that
/// was saved, the message it became.
/// </summary>
internal sealed record UsageEntry(
    string UserId, Guid WorkspaceId, Guid? ConversationId, Guid? MessageId, string Kind, string Model, string Provider,
    int InputTokens, int OutputTokens, long CostMicroUsd, TimeSpan Latency, TimeSpan? FirstToken, bool CacheHit, string Outcome);

/// <summary>Writes one usage record per LLM call or cache hit, in its own unit of work so a failed reply is still counted.</summary>
internal sealed class UsageRecorder(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task RecordAsync(UsageEntry entry)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.Add(new UsageRecord
        {
            At = time.GetUtcNow().UtcDateTime, UserId = entry.UserId, WorkspaceId = entry.WorkspaceId, ConversationId = entry.ConversationId,
            MessageId = entry.MessageId,
            Kind = entry.Kind, Model = entry.Model, Provider = entry.Provider, InputTokens = entry.InputTokens, OutputTokens = entry.OutputTokens,
            CostMicroUsd = entry.CostMicroUsd, LatencyMs = (int)entry.Latency.TotalMilliseconds,
            TimeToFirstTokenMs = entry.FirstToken is null ? null : (int)entry.FirstToken.Value.TotalMilliseconds, CacheHit = entry.CacheHit,
            Outcome = entry.Outcome,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
