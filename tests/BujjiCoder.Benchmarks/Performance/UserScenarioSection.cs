namespace BujjiCoder.Benchmarks.Performance;

/// <summary>1,000 simulated users on two Api replicas behind one balancer. (Seam: its owner replaces this body.)</summary>
internal sealed class UserScenarioSection : IPerformanceSection
{
    public string Name => "users";

    public Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PerformanceRow>>([new PerformanceRow(Name, "not measured yet", "", "", false)]);
}
