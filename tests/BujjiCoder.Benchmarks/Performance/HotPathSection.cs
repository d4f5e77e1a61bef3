namespace BujjiCoder.Benchmarks.Performance;

/// <summary>wrk rows: health, /auth/me JWT, files/{path} JWT against a bare Kestrel app. (Seam: its owner replaces this body.)</summary>
internal sealed class HotPathSection : IPerformanceSection
{
    public string Name => "hotpath";

    public Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PerformanceRow>>([new PerformanceRow(Name, "not measured yet", "", "", false)]);
}
