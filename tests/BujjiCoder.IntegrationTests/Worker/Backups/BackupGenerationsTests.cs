extern alias worker;

using worker::BujjiCoder.Worker.Backups;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>Which backups generations retention keeps: pure selection over (id, time, verified).</summary>
public sealed class BackupGenerationsTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Daily_backups_over_more_than_a_year_keep_seven_days_four_weeks_and_twelve_months()
    {
        // 2026-01-01 to 2027-02-04 (a Thursday), one backup a day at 02:00.
        var backups = Enumerable.Range(0, 400).Select(day => Backup(Start.AddDays(day))).ToList();

        var deleted = BackupGenerations.ToDelete(backups, new BackupKeepOptions { Last = 3, Daily = 7, Weekly = 4, Monthly = 12 });
        var kept = backups.Where(b => !deleted.Contains(b.Id)).Select(b => DateOnly.FromDateTime(b.CreatedAt)).ToList();

        DateOnly[] days = [new(2027, 1, 29), new(2027, 1, 30), new(2027, 1, 31), new(2027, 2, 1), new(2027, 2, 2), new(2027, 2, 3), new(2027, 2, 4)];
        DateOnly[] sundays = [new(2027, 1, 17), new(2027, 1, 24)]; // with 01-31 and this week's 02-04: four ISO weeks
        DateOnly[] monthEnds = [new(2026, 3, 31), new(2026, 4, 30), new(2026, 5, 31), new(2026, 6, 30), new(2026, 7, 31), new(2026, 8, 31),
            new(2026, 9, 30), new(2026, 10, 31), new(2026, 11, 30), new(2026, 12, 31)]; // with January's 01-31 and February's 02-04: twelve months
        Assert.Equal([.. monthEnds, .. sundays, .. days], kept.Order());
    }

    [Fact]
    public void Only_verified_backups_count_and_unverified_ones_older_than_the_newest_verified_go()
    {
        var backups = new List<BackupGeneration>
        {
            Backup(Start, verified: true),
            Backup(Start.AddHours(1), verified: false),
            Backup(Start.AddHours(2), verified: true),
            Backup(Start.AddHours(3), verified: false),
            Backup(Start.AddHours(4), verified: false),
        };

        var deleted = BackupGenerations.ToDelete(backups, new BackupKeepOptions { Last = 2, Daily = 0, Weekly = 0, Monthly = 0 });

        // Two verified kept although three newer backups exist; the failed one between them goes; newer ones stay to be looked at.
        Assert.Equal([backups[1].Id], deleted);
    }

    [Fact]
    public void Nothing_is_deleted_while_no_backup_has_verified()
    {
        var backups = Enumerable.Range(0, 10).Select(i => Backup(Start.AddDays(i), verified: false)).ToList();

        Assert.Empty(BackupGenerations.ToDelete(backups, new BackupKeepOptions { Last = 1, Daily = 0, Weekly = 0, Monthly = 0 }));
    }

    [Fact]
    public void Several_backups_a_day_keep_only_each_days_newest_beyond_the_last_ones()
    {
        var backups = Enumerable.Range(0, 3 * 24).Select(hour => Backup(Start.AddHours(hour))).ToList();

        var deleted = BackupGenerations.ToDelete(backups, new BackupKeepOptions { Last = 2, Daily = 3, Weekly = 0, Monthly = 0 });
        var kept = backups.Where(b => !deleted.Contains(b.Id)).Select(b => b.CreatedAt).ToList();

        Assert.Equal(
            [Start.AddHours(45), Start.AddHours(69), Start.AddHours(70), Start.AddHours(71)],
            kept);
    }

    private static BackupGeneration Backup(DateTime createdAt, bool verified = true) =>
        new($"bujji-{createdAt:yyyyMMddTHHmmss}", createdAt, verified);
}
