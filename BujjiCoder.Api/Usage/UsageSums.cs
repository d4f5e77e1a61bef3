using System.Data;
using System.Globalization;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Usage;

/// <summary>
/// A window's usage per group (a day or a model, and for admins per user), summed from roll-ups where periods are
/// rolled up and from raw records elsewhere (see <see cref="UsageWindow"/>). Every count and cost is an integer, so
/// adding the pieces gives exactly what summing the raw records gives. Cursors and rows are read in one snapshot: a
/// roll-up that commits meanwhile moves a cursor and its rows together, and this read sees both or neither.
/// </summary>
internal static class UsageSums
{
    /// <summary>Re-run whole after a transient failure (PostgreSQL's retrying strategy refuses a transaction it does not hold).</summary>
    public static Task<List<UsageRow>> ReadAsync(
        BujjiDbContext db, DateTime from, DateTime to, string? userId, bool byModel, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(ct => ReadInSnapshotAsync(db, from, to, userId, byModel, ct), cancellationToken);

    private static async Task<List<UsageRow>> ReadInSnapshotAsync(
        BujjiDbContext db, DateTime from, DateTime to, string? userId, bool byModel, CancellationToken cancellationToken)
    {
        await using var snapshot = await BeginSnapshotAsync(db, cancellationToken);
        var cursors = await db.UsageRollupCursors.AsNoTracking().ToDictionaryAsync(c => c.Period, c => c.RolledUpTo, cancellationToken);
        var window = UsageWindow.Split(from, to, Cursor(cursors, UsageRollupPeriods.Hour), Cursor(cursors, UsageRollupPeriods.Day));
        var (rawBefore, rawAfter, hoursBefore, hoursAfter, days) = (window.RawBefore, window.RawAfter, window.HoursBefore, window.HoursAfter, window.Days);

        var records = db.UsageRecords.AsNoTracking().Where(u =>
            (u.At >= rawBefore.From && u.At < rawBefore.To) || (u.At >= rawAfter.From && u.At < rawAfter.To));
        var rollups = db.UsageRollups.AsNoTracking().Where(r =>
            (r.Period == UsageRollupPeriods.Hour && ((r.Start >= hoursBefore.From && r.Start < hoursBefore.To) || (r.Start >= hoursAfter.From && r.Start < hoursAfter.To)))
            || (r.Period == UsageRollupPeriods.Day && r.Start >= days.From && r.Start < days.To));
        if (userId is not null)
        {
            records = records.Where(u => u.UserId == userId);
            rollups = rollups.Where(r => r.UserId == userId);
        }

        var perUser = userId is null;
        List<Part> parts = byModel
            ?
            [
                .. await records.GroupBy(u => new { u.Model, UserId = perUser ? u.UserId : null }).Select(g => new Part(
                    g.Key.Model, g.Key.UserId, g.LongCount(), g.Sum(u => (long)u.InputTokens), g.Sum(u => (long)u.OutputTokens), g.Sum(u => u.CostMicroUsd),
                    g.LongCount(u => u.CacheHit))).ToListAsync(cancellationToken),
                .. await rollups.GroupBy(r => new { r.Model, UserId = perUser ? r.UserId : null }).Select(g => new Part(
                    g.Key.Model, g.Key.UserId, g.Sum(r => r.Requests), g.Sum(r => r.InputTokens), g.Sum(r => r.OutputTokens), g.Sum(r => r.CostMicroUsd),
                    g.Sum(r => r.CacheHits))).ToListAsync(cancellationToken),
            ]
            :
            [
                .. (await records.GroupBy(u => new { u.At.Date, UserId = perUser ? u.UserId : null }).Select(g => new DayPart(
                    g.Key.Date, g.Key.UserId, g.LongCount(), g.Sum(u => (long)u.InputTokens), g.Sum(u => (long)u.OutputTokens), g.Sum(u => u.CostMicroUsd),
                    g.LongCount(u => u.CacheHit))).ToListAsync(cancellationToken)).Select(p => p.Keyed()),
                .. (await rollups.GroupBy(r => new { r.Start.Date, UserId = perUser ? r.UserId : null }).Select(g => new DayPart(
                    g.Key.Date, g.Key.UserId, g.Sum(r => r.Requests), g.Sum(r => r.InputTokens), g.Sum(r => r.OutputTokens), g.Sum(r => r.CostMicroUsd),
                    g.Sum(r => r.CacheHits))).ToListAsync(cancellationToken)).Select(p => p.Keyed()),
            ];

        return [.. parts.GroupBy(p => (p.Key, p.UserId)).Select(g => new UsageRow(
            g.Key.Key, g.Key.UserId, (int)g.Sum(p => p.Requests), g.Sum(p => p.InputTokens), g.Sum(p => p.OutputTokens),
            g.Sum(p => p.CostMicroUsd) / 1_000_000m, (int)g.Sum(p => p.CacheHits)))];
    }

    private static DateTime? Cursor(Dictionary<string, DateTime> cursors, string period) =>
        cursors.TryGetValue(period, out var at) ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null;

    /// <summary>
    /// PostgreSQL: repeatable read, one snapshot from the first statement on. SQLite: a deferred transaction, which reads
    /// one WAL snapshot and, unlike EF's default BEGIN IMMEDIATE, takes no write lock for a read.
    /// </summary>
    private static async Task<IAsyncDisposable> BeginSnapshotAsync(BujjiDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new SqliteSnapshot(db, transaction);
    }

    private sealed class SqliteSnapshot(BujjiDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Part(string Key, string? UserId, long Requests, long InputTokens, long OutputTokens, long CostMicroUsd, long CacheHits);

    private sealed record DayPart(DateTime Day, string? UserId, long Requests, long InputTokens, long OutputTokens, long CostMicroUsd, long CacheHits)
    {
        public Part Keyed() => new(Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), UserId, Requests, InputTokens, OutputTokens, CostMicroUsd, CacheHits);
    }
}
