using System.Globalization;

namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// The issue's performance budgets, measured in the end-to-end run and printed (to the test's output and to
/// <c>TestResults/e2e-budgets.txt</c>) rather than asserted: timings on a shared two-core machine vary too much to
/// fail a build on, but a figure over its target is marked so a reader cannot miss it.
/// </summary>
internal static class Budgets
{
    private static readonly Lock Gate = new();

    public static string SummaryFile { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "e2e-budgets.txt");

    public static void Reset()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryFile)!);
        File.WriteAllText(SummaryFile, $"Bujji Coder end-to-end budgets, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores\n");
    }

    /// <summary>Records one figure against its target (lower is better).</summary>
    public static void Record(string budget, double measured, double target, string unit, string detail = "")
    {
        var verdict = measured <= target ? "within" : "OVER";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{budget}: {measured:0.#} {unit} (target ≤ {target:0.#} {unit}: {verdict}){(detail.Length > 0 ? " — " + detail : "")}");
        Write(line);
    }

    /// <summary>Records that a budget could not be measured, and why.</summary>
    public static void NotMeasured(string budget, string why) => Write($"{budget}: NOT MEASURED — {why}");

    private static void Write(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine("budget " + line);
        lock (Gate)
        {
            File.AppendAllText(SummaryFile, line + "\n");
        }
    }
}
