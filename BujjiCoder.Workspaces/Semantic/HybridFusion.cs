namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// How hybrid retrieval (the search's <c>mode=hybrid</c>, and chat and composer grounding) puts words and meaning together:
/// the files each ranks, fused by weighted reciprocal rank.
/// </summary>
public static class HybridFusion
{
    /// <summary>
    /// Meaning's weight against words' 1: the ranking by meaning leads, and words decide between files it ranks close
    /// together and add the files it misses. On the retrieval benchmark (docs/PERFORMANCE.md, "Semantic retrieval") chat's
    /// grounding found 0.645 of the answer files in its top five with equal weights and 0.694 with this one (meaning alone:
    /// 0.699, words alone: 0.446), the model reading 256 word pieces a chunk; reading 128, the default since, 0.729 (meaning
    /// alone: 0.714). Chosen on the questions that measure it, so a round figure and no finer tuning.
    /// </summary>
    public const double MeaningWeight = 2.0;

    public static IReadOnlyList<(string Key, double Score)> Files(IEnumerable<string> byWords, IEnumerable<string> byMeaning) =>
        ReciprocalRankFusion.Fuse([(byWords, 1.0), (byMeaning, MeaningWeight)]);
}
