namespace BujjiCoder.Benchmarks.Performance;

/// <summary>time to first token through the Api minus straight to the provider; response-cache hit. (Seam: its owner replaces this body.)</summary>
internal sealed class ChatSection : IPerformanceSection
{
    public string Name => "chat";

    public Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PerformanceRow>>([new PerformanceRow(Name, "not measured yet", "", "", false)]);
}
