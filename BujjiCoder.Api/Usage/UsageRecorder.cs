using BujjiCoder.Api.Llm;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Usage;

/// <summary>
/// Who made a model call, where, of which kind and to which model: what a usage record knows before the outcome; and, for
/// a chat reply that was saved, the message it became.
/// </summary>
internal sealed record LlmCallContext(
    string UserId, Guid WorkspaceId, Guid? ConversationId, string Kind, LlmModelOptions Model, string Provider, Guid? MessageId = null);

/// <summary>Writes one usage record per LLM call or cache hit, in its own unit of work so a failed reply is still counted.</summary>
internal sealed class UsageRecorder(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Records a call; its cost comes from the catalogue, and a cache hit costs nothing.</summary>
    public async Task RecordAsync(
        LlmCallContext call, int inputTokens, int outputTokens, TimeSpan latency, string outcome, TimeSpan? firstToken = null, bool cacheHit = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.Add(new UsageRecord
        {
            At = time.GetUtcNow().UtcDateTime, UserId = call.UserId, WorkspaceId = call.WorkspaceId, ConversationId = call.ConversationId,
            MessageId = call.MessageId,
            Kind = call.Kind, Model = call.Model.Id, Provider = call.Provider, InputTokens = inputTokens, OutputTokens = outputTokens,
            CostMicroUsd = cacheHit ? 0 : call.Model.CostMicroUsd(inputTokens, outputTokens), LatencyMs = (int)latency.TotalMilliseconds,
            TimeToFirstTokenMs = firstToken is null ? null : (int)firstToken.Value.TotalMilliseconds, CacheHit = cacheHit, Outcome = outcome,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
