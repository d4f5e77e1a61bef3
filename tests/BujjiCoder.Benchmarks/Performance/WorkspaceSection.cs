namespace BujjiCoder.Benchmarks.Performance;

/// <summary>import of 10,000 files; text search over it. (Seam: its owner replaces this body.)</summary>
internal sealed class WorkspaceSection : IPerformanceSection
{
    public string Name => "workspace";

    public Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PerformanceRow>>([new PerformanceRow(Name, "not measured yet", "", "", false)]);
}
