using BujjiCoder.Api.Usage;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>How a report window is split between raw records and roll-ups: exactly once over, and roll-ups only where they exist.</summary>
public sealed class UsageWindowTests
{
    [Fact]
    public void Every_instant_of_a_window_is_read_from_exactly_one_piece_and_roll_ups_only_before_their_cursors()
    {
        var random = new Random(29);
        var origin = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 20_000; i++)
        {
            var from = Instant(random, origin);
            var to = Instant(random, origin);
            (from, to) = from <= to ? (from, to) : (to, from);
            DateTime? hourCursor = random.Next(5) == 0 ? null : Hour(Instant(random, origin));
            DateTime? dayCursor = hourCursor?.Date;

            var window = UsageWindow.Split(from, to, hourCursor, dayCursor);

            var pieces = new[] { window.RawBefore, window.HoursBefore, window.Days, window.HoursAfter, window.RawAfter }.Where(p => p.From < p.To).ToList();
            var reached = from;
            foreach (var piece in pieces)
            {
                Assert.Equal(reached, piece.From);
                reached = piece.To;
            }

            Assert.Equal(to, reached);
            foreach (var hours in new[] { window.HoursBefore, window.HoursAfter }.Where(p => p.From < p.To))
            {
                Assert.True(hours.From == Hour(hours.From) && hours.To == Hour(hours.To) && hours.To <= hourCursor, $"{hours} with cursor {hourCursor:o}");
            }

            if (window.Days.From < window.Days.To)
            {
                Assert.True(window.Days.From == window.Days.From.Date && window.Days.To == window.Days.To.Date && window.Days.To <= dayCursor, $"{window.Days}");
            }
        }
    }

    /// <summary>Within 40 days of <paramref name="origin"/>: a third at midnight, a third on the hour, a third anywhere.</summary>
    private static DateTime Instant(Random random, DateTime origin)
    {
        var at = origin.AddTicks(random.NextInt64(TimeSpan.FromDays(40).Ticks));
        return random.Next(3) switch
        {
            0 => at.Date,
            1 => Hour(at),
            _ => at,
        };
    }

    private static DateTime Hour(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
}
