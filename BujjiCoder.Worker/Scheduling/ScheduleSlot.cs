namespace BujjiCoder.Worker.Scheduling;

/// <summary>Slots of a schedule: the same instants on every replica, whenever each started.</summary>
internal static class ScheduleSlot
{
    /// <summary>The start of the slot holding <paramref name="now"/>.</summary>
    public static DateTime Containing(DateTime now, TimeSpan interval) =>
        new(now.Ticks - (now.Ticks - DateTime.UnixEpoch.Ticks) % interval.Ticks, DateTimeKind.Utc);
}
