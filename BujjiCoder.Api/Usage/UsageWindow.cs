namespace BujjiCoder.Api.Usage;

/// <summary>A stretch of time [From, To); empty when From is not before To.</summary>
internal readonly record struct TimeRange(DateTime From, DateTime To)
{
    public static readonly TimeRange Empty = new(DateTime.UnixEpoch, DateTime.UnixEpoch);
}

/// <summary>
/// Where a report window's usage is read from: day roll-ups for whole days, hour roll-ups for whole hours beside them,
/// raw records for the ragged edges and for everything from the hour cursor on (periods not rolled up yet). The pieces
/// do not overlap and together are exactly [from, to), so their sums are the sums of the raw records.
/// </summary>
/// <param name="RawBefore">[from, the first whole hour).</param>
/// <param name="HoursBefore">Whole hours up to the first midnight (or all of them when there is no whole day).</param>
/// <param name="Days">Whole days before the day cursor.</param>
/// <param name="HoursAfter">Whole hours after the last whole day, before the hour cursor.</param>
/// <param name="RawAfter">From the hour cursor (or the window's last whole hour) to <c>to</c>.</param>
internal sealed record UsageWindow(TimeRange RawBefore, TimeRange HoursBefore, TimeRange Days, TimeRange HoursAfter, TimeRange RawAfter)
{
    /// <param name="hourCursor">Every hour starting before it is rolled up; null when nothing is.</param>
    /// <param name="dayCursor">Every day starting before it is rolled up; null when nothing is.</param>
    public static UsageWindow Split(DateTime from, DateTime to, DateTime? hourCursor, DateTime? dayCursor)
    {
        var hoursFrom = CeilingHour(from);
        var hoursTo = hourCursor is { } hours && hours < FloorHour(to) ? hours : FloorHour(to);
        if (hourCursor is null || hoursFrom >= hoursTo)
        {
            return new UsageWindow(new TimeRange(from, to), TimeRange.Empty, TimeRange.Empty, TimeRange.Empty, TimeRange.Empty);
        }

        var daysFrom = CeilingDay(hoursFrom);
        var daysTo = dayCursor is { } days && days < FloorDay(hoursTo) ? days : FloorDay(hoursTo);
        var (hoursBefore, wholeDays, hoursAfter) = dayCursor is not null && daysFrom < daysTo
            ? (new TimeRange(hoursFrom, daysFrom), new TimeRange(daysFrom, daysTo), new TimeRange(daysTo, hoursTo))
            : (new TimeRange(hoursFrom, hoursTo), TimeRange.Empty, TimeRange.Empty);
        return new UsageWindow(new TimeRange(from, hoursFrom), hoursBefore, wholeDays, hoursAfter, new TimeRange(hoursTo, to));
    }

    private static DateTime FloorHour(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    private static DateTime CeilingHour(DateTime at) => at.Ticks % TimeSpan.TicksPerHour == 0 ? at : FloorHour(at).AddHours(1);

    private static DateTime FloorDay(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerDay, DateTimeKind.Utc);

    private static DateTime CeilingDay(DateTime at) => at.Ticks % TimeSpan.TicksPerDay == 0 ? at : FloorDay(at).AddDays(1);
}
