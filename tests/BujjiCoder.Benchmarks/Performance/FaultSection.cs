namespace BujjiCoder.Benchmarks.Performance;

/// <summary>faults under load: Redis, PostgreSQL, a replica, a hanging provider. (Seam: its owner replaces this body.)</summary>
internal sealed class FaultSection : IPerformanceSection
{
    public string Name => "faults";

    public Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PerformanceRow>>([new PerformanceRow(Name, "not measured yet", "", "", false)]);
}
