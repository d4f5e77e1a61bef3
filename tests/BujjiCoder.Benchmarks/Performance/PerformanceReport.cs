namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// The one table of docs/PERFORMANCE.md: every section in turn, then every row with its target and whether it was met.
/// A section that fails prints why and the report goes on, so one broken part does not hide the others' figures.
/// </summary>
internal static class PerformanceReport
{
    private static readonly IPerformanceSection[] Sections =
    [
        new HotPathSection(),
        new ChatSection(),
        new WorkspaceSection(),
        new UserScenarioSection(),
        new FaultSection(),
    ];

    public static async Task<int> RunAsync(PerformanceSettings settings, IReadOnlyCollection<string> only)
    {
        var rows = new List<PerformanceRow>();
        foreach (var section in Sections.Where(s => only.Count == 0 || only.Contains(s.Name, StringComparer.OrdinalIgnoreCase)))
        {
            Console.WriteLine($"-- {section.Name} ...");
            try
            {
                rows.AddRange(await section.MeasureAsync(settings, CancellationToken.None));
            }
            catch (Exception exception)
            {
                rows.Add(new PerformanceRow(section.Name, "(section failed)", exception.GetType().Name, "", false, exception.Message));
            }
        }

        Print(rows);
        return rows.Any(row => row.Met == false) ? 1 : 0;
    }

    private static void Print(IReadOnlyList<PerformanceRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| section | row | measured | target | met |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            var note = row.Note is null ? "" : $" ({row.Note})";
            Console.WriteLine($"| {row.Section} | {row.Name} | {row.Measured}{note} | {row.Target} | {met} |");
        }
    }
}
