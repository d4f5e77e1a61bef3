using BujjiCoder.Data;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Usage;

/// <summary>Writes one usage record per LLM call or cache hit, in its own unit of work so a failed reply is still counted.</summary>
internal sealed class UsageRecorder(IServiceScopeFactory scopes)
{
    public async Task RecordAsync(UsageRecord record)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
