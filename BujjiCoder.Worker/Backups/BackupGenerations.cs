using System.Globalization;

namespace BujjiCoder.Worker.Backups;

/// <summary>A stored backup as retention sees it.</summary>
internal sealed record BackupGeneration(string Id, DateTime CreatedAt, bool Verified);

/// <summary>
/// Which backups to keep: grandfather-father-son over verified backups only, so a run of failed backups can never push
/// the last good ones out. Kept are the newest <c>Last</c> verified backups, and the newest verified backup of each of
/// the newest <c>Daily</c> days (UTC), <c>Weekly</c> ISO weeks and <c>Monthly</c> months that have one — a day without a
/// backup does not use up a generation. Unverified (pending or failed) backups older than the newest verified one are
/// deleted; newer ones stay, since a pending one may still be verifying and a failed one is what an operator looks at.
/// </summary>
internal static class BackupGenerations
{
    public static IReadOnlySet<string> ToDelete(IEnumerable<BackupGeneration> backups, BackupKeepOptions keep)
    {
        var all = backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var verified = all.Where(b => b.Verified).ToList();
        if (verified.Count == 0)
        {
            // Nothing proven restorable yet: deleting anything could delete the only copy that might be.
            return new HashSet<string>();
        }

        var kept = new HashSet<string>(verified.Take(keep.Last).Select(b => b.Id), StringComparer.Ordinal);
        KeepNewestPer(verified, keep.Daily, b => b.CreatedAt.Date, kept);
        KeepNewestPer(verified, keep.Weekly, b => (ISOWeek.GetYear(b.CreatedAt), ISOWeek.GetWeekOfYear(b.CreatedAt)), kept);
        KeepNewestPer(verified, keep.Monthly, b => (b.CreatedAt.Year, b.CreatedAt.Month), kept);

        var newestVerified = verified[0].CreatedAt;
        return all.Where(b => b.Verified ? !kept.Contains(b.Id) : b.CreatedAt < newestVerified).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary><paramref name="newestFirst"/> is ordered newest first, so each period's first backup is its newest.</summary>
    private static void KeepNewestPer<TPeriod>(List<BackupGeneration> newestFirst, int periods, Func<BackupGeneration, TPeriod> periodOf, HashSet<string> kept)
    {
        foreach (var newest in newestFirst.GroupBy(periodOf).Take(periods).Select(period => period.First()))
        {
            kept.Add(newest.Id);
        }
    }
}
