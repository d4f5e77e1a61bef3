namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// One line of the performance table: what was measured, the figure, the target, and whether the figure
/// meets it (null when the row has no target, e.g. memory per replica).
/// </summary>
internal sealed record PerformanceRow(string Section, string Name, string Measured, string Target, bool? Met, string? Note = null);
