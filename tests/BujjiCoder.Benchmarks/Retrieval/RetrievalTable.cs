using System.Globalization;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>
/// One row of the retrieval table. Retrieval rows fill the three question columns with "recall@5 · MRR"; the other rows
/// (indexing, latency, import) put their figure in the first of them.
/// </summary>
internal sealed record RetrievalRow(string Section, string Name, string All, string Paraphrased = "", string Literal = "", string Notes = "", bool? Met = null);

/// <summary>The one markdown table the <c>retrieval</c> benchmark prints, in the manner of the perf table.</summary>
internal static class RetrievalTable
{
    public static void Print(IReadOnlyList<RetrievalRow> rows, QuestionSet set, string machine)
    {
        var paraphrased = set.Questions.Count(q => q.Paraphrased);
        Console.WriteLine();
        Console.WriteLine(machine);
        Console.WriteLine($"| section | row | all {set.Questions.Count} questions (recall@5 · MRR) or figure | paraphrased ({paraphrased}) | literal ({set.Questions.Count - paraphrased}) | notes | met |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            Console.WriteLine($"| {row.Section} | {row.Name} | {row.All} | {row.Paraphrased} | {row.Literal} | {row.Notes} | {met} |");
        }
    }

    public static string Format(RetrievalScore score) => Invariant($"{score.RecallAt5:0.000} · {score.ReciprocalRank:0.000}");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The local model's threads in the Api and Worker: they inherit this process's environment, so
    /// <c>Retrieval__Embeddings__Threads=2 dotnet run … retrieval</c> measures with two.
    /// </summary>
    public static string EmbeddingThreads() => Environment.GetEnvironmentVariable("Retrieval__Embeddings__Threads") ?? "1 (default)";

    /// <summary>The machine's 1-minute load average, which says how much else was running beside a figure.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
