using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Usage;

/// <summary>
/// Sums usage records into hour rows, and hour rows into day rows, for the reports to read instead of every record.
/// A run never adds to rows: it replaces whole periods (delete, then insert … select) and moves the period's cursor in
/// the same transaction, so a re-run, an overlapping run (the unique index refuses its rows) or a run that dies half-way
/// can never count a record twice, and a report never sees a cursor without its rows. Each run writes again the hours
/// of the last <see cref="UsageRollupOptions.Recompute"/> to take in late records, in transactions of at most
/// <see cref="UsageRollupOptions.BatchDays"/> days, which also bounds the first run over a large table.
/// </summary>
internal sealed partial class UsageRollupJob(
    IServiceScopeFactory scopes, IOptions<UsageRollupOptions> options, TimeProvider time, ILogger<UsageRollupJob> logger) : IScheduledJob
{
    public string Name => "usage-rollup";

    public TimeSpan Interval => options.Value.Interval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var target = FloorHour(now - settings.Grace);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var sql = UsageRollupSql.For(db);

        var cursor = await db.UsageRollupCursors.AsNoTracking().Where(c => c.Period == UsageRollupPeriods.Hour)
            .Select(c => (DateTime?)c.RolledUpTo).SingleOrDefaultAsync(cancellationToken);
        cursor = cursor is { } rolled ? DateTime.SpecifyKind(rolled, DateTimeKind.Utc) : null;
        // The first run starts at the oldest record; later ones go back Recompute (or to the cursor, after a long pause).
        // With no record at all there is no cursor either, and reports read raw records, so records written into the
        // past before the first one (an import, a test) are still counted.
        DateTime start;
        if (cursor is { } current)
        {
            start = Min(current, FloorHour(now - settings.Recompute));
        }
        else if (await db.UsageRecords.MinAsync(u => (DateTime?)u.At, cancellationToken) is { } oldest)
        {
            start = FloorHour(DateTime.SpecifyKind(oldest, DateTimeKind.Utc));
        }
        else
        {
            return;
        }

        for (var from = start; from < target;)
        {
            var to = Min(FloorDay(from).AddDays(settings.BatchDays), target);
            cursor = await RollUpAsync(db, sql, from, to, cursor, now, cancellationToken);
            LogRolledUp(logger, from, to);
            from = to;
        }
    }

    /// <summary>Replaces the hour rows of [from, to) and the day rows those hours complete; returns the hour cursor.</summary>
    private async Task<DateTime> RollUpAsync(
        BujjiDbContext db, UsageRollupSql sql, DateTime from, DateTime to, DateTime? cursor, DateTime now, CancellationToken cancellationToken)
    {
        var hourCursor = cursor is { } current && current > to ? current : to;
        // Days the hours touched, as far as every hour of them is rolled up; a later batch writes a day this one left open.
        var dayFrom = FloorDay(from);
        var dayTo = Min(CeilingDay(to), FloorDay(hourCursor));

        await InTransactionAsync(db, async ct =>
        {
            await db.UsageRollups.Where(r => r.Period == UsageRollupPeriods.Hour && r.Start >= from && r.Start < to).ExecuteDeleteAsync(ct);
            await sql.InsertHoursAsync(db, from, to, ct);
            if (dayFrom < dayTo)
            {
                await db.UsageRollups.Where(r => r.Period == UsageRollupPeriods.Day && r.Start >= dayFrom && r.Start < dayTo).ExecuteDeleteAsync(ct);
                await sql.InsertDaysAsync(db, dayFrom, dayTo, ct);
            }

            LogReplaced(logger, from, to, hourCursor);
            await MoveCursorsAsync(db, hourCursor, now, ct);
        }, cancellationToken);
        return hourCursor;
    }

    /// <summary>One transaction, re-run whole after a transient failure (each step replaces, so running it again is safe).</summary>
    private static Task InTransactionAsync(BujjiDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);

    /// <summary>
    /// The hour cursor, and the day cursor at its midnight (days before it are whole). Only ever forward: a run that
    /// overlapped a later one cannot move a cursor back past rows that exist.
    /// </summary>
    private static async Task MoveCursorsAsync(BujjiDbContext db, DateTime hourCursor, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var (period, rolledUpTo) in new[] { (UsageRollupPeriods.Hour, hourCursor), (UsageRollupPeriods.Day, FloorDay(hourCursor)) })
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO usage_rollup_cursors ("Period", "RolledUpTo", "UpdatedAt") VALUES ({period}, {rolledUpTo}, {now})
                ON CONFLICT ("Period") DO UPDATE SET "RolledUpTo" = excluded."RolledUpTo", "UpdatedAt" = excluded."UpdatedAt"
                WHERE usage_rollup_cursors."RolledUpTo" < excluded."RolledUpTo"
                """, cancellationToken);
        }
    }

    private static DateTime FloorHour(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    private static DateTime FloorDay(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerDay, DateTimeKind.Utc);

    private static DateTime CeilingDay(DateTime at) => at.Ticks % TimeSpan.TicksPerDay == 0 ? at : FloorDay(at).AddDays(1);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Trace, "Usage rows of {From:o} to {To:o} replaced; moving the hour cursor to {Cursor:o} and committing")]
    private static partial void LogReplaced(ILogger logger, DateTime from, DateTime to, DateTime cursor);

    [LoggerMessage(LogLevel.Debug, "Usage rolled up for {From:o} to {To:o}")]
    private static partial void LogRolledUp(ILogger logger, DateTime from, DateTime to);
}
