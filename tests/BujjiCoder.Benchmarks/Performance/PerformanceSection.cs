namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// A part of the performance report that brings up what it needs (processes, balancer, fake provider), measures, and
/// stops it again, so sections neither share state nor disturb each other's figures.
/// </summary>
internal interface IPerformanceSection
{
    string Name { get; }

    Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken);
}

/// <summary>How hard and how long the report pushes; the defaults are the (1,000 users, 200 connections).</summary>
internal sealed record PerformanceSettings(int Users = 1000, int Connections = 200, TimeSpan? RowDuration = null, TimeSpan? ScenarioDuration = null)
{
    public TimeSpan Row => RowDuration ?? TimeSpan.FromSeconds(10);

    public TimeSpan Scenario => ScenarioDuration ?? TimeSpan.FromSeconds(60);
}
