using BujjiCoder.Data;
using BujjiCoder.Data.Entities;

namespace BujjiCoder.Workspaces.Audit;

/// <summary>
/// Writes audit events. Callers pass reasons, never secrets. Each event is saved through a DbContext of its own,
/// so it never commits (or trips over) the caller's pending changes, nor is rolled back with them.
/// </summary>
public class AuditWriter(IServiceScopeFactory scopes, TimeProvider time, IAuditOrigin? origin = null)
{
    /// <param name="actorId">Who acted, when not the origin's caller (an import job's uploader, say).</param>
    public async Task WriteAsync(string action, string outcome, string? target = null, string? detail = null, string? actorId = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.NewGuid(),
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actorId ?? origin?.ActorId,
            Action = action,
            Target = Truncate(target, 256),
            Ip = origin?.Ip,
            UserAgent = Truncate(origin?.UserAgent, 512),
            Outcome = outcome,
            Detail = Truncate(detail, 128),
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
