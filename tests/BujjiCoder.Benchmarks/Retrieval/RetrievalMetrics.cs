namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>How well one retrieval answered one question: recall@5 and the reciprocal rank of its first answer file.</summary>
internal readonly record struct RetrievalScore(double RecallAt5, double ReciprocalRank);

/// <summary>
/// The benchmark's arithmetic, kept apart from the harness so the unit tests (which link this file) can check it.
/// A retrieval returns hits (lines, chunks or snippets); what is scored is the FILES, in the order each first appears,
/// since several hits of one file are one file for whoever reads the answer.
/// </summary>
internal static class RetrievalMetrics
{
    public const int Depth = 5;

    /// <summary>
    /// recall@5 = |answers ∩ first 5 files| / |answers|; reciprocal rank = 1 / rank of the first answer file among all the
    /// files returned, 0 when none is. Paths compare exactly (ordinal), as workspace paths do.
    /// </summary>
    public static RetrievalScore Score(IEnumerable<string> hitPaths, IReadOnlyCollection<string> answers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(answers.Count);
        var expected = answers.ToHashSet(StringComparer.Ordinal);
        var files = hitPaths.Distinct(StringComparer.Ordinal).ToList();
        var recall = files.Take(Depth).Count(expected.Contains) / (double)expected.Count;
        var first = files.FindIndex(expected.Contains);
        return new RetrievalScore(recall, first < 0 ? 0 : 1.0 / (first + 1));
    }

    /// <summary>Each measure averaged over the questions (every question weighs the same, however many answers it has).</summary>
    public static RetrievalScore Mean(IReadOnlyCollection<RetrievalScore> scores)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scores.Count);
        return new RetrievalScore(scores.Average(s => s.RecallAt5), scores.Average(s => s.ReciprocalRank));
    }
}
