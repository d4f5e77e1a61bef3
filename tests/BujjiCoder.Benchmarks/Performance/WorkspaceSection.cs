using System.Globalization;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// Import of a generated 10,000-file (~50 MB) repository through the Api and its Worker, then 1,000 searches over it
/// from one client: the figures of <see cref="WorkspaceBenchmark"/>, which prints its own lines as it goes.
/// </summary>
internal sealed class WorkspaceSection : IPerformanceSection
{
    private const int Files = 10_000;
    private const long Bytes = 50L * 1024 * 1024;
    private const double ImportTargetSeconds = 30;
    private const double SearchTargetMs = 20;

    public string Name => "workspace";

    public async Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken)
    {
        var figures = await WorkspaceBenchmark.MeasureAsync(Files, Bytes);
        var import = figures.ImportSeconds;
        var text = figures.Text;
        var symbol = figures.Searches.Single(s => s.Mode == "symbol");
        return
        [
            new PerformanceRow(Name, $"import of {Files:N0} files ({figures.RawBytes / 1024.0 / 1024:0} MB)", Invariant($"{import:0.0} s"), Invariant($"≤ {ImportTargetSeconds:0} s"),
                import <= ImportTargetSeconds, import <= ImportTargetSeconds ? null : Invariant($"{import - ImportTargetSeconds:0.0} s over")),
            new PerformanceRow(Name, "text search p95", Invariant($"{text.P95:0.0} ms (p50 {text.P50:0.0})"), Invariant($"≤ {SearchTargetMs:0} ms"),
                text.P95 <= SearchTargetMs, text.P95 <= SearchTargetMs ? null : Invariant($"{text.P95 - SearchTargetMs:0.0} ms over")),
            new PerformanceRow(Name, "symbol search p95 (no target)", Invariant($"{symbol.P95:0.0} ms (p50 {symbol.P50:0.0})"), "", null),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
