namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// How hybrid retrieval (the search's <c>mode=hybrid</c>, and chat and composer grounding) puts words and meaning together:
/// the files each ranks, fused by weighted reciprocal rank.
/// </summary>
public static class HybridFusion
{
    /// <summary>
    /// Meaning's weight against words' 1. Measured on the retrieval benchmark (docs/PERFORMANCE.md, "Semantic retrieval"):
    /// the nearest chunks alone find more answer files than the word search does, so the ranking by meaning leads and the
    /// words decide between files it ranks close together, and add the files it misses.
    /// </summary>
    public const double MeaningWeight = 1.0;

    public static IReadOnlyList<(string Key, double Score)> Files(IEnumerable<string> byWords, IEnumerable<string> byMeaning) =>
        ReciprocalRankFusion.Fuse([(byWords, 1.0), (byMeaning, MeaningWeight)]);
}
