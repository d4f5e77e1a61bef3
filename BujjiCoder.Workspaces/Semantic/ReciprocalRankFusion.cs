namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item scores the sum over the rankings it is in of
/// 1 / (<see cref="K"/> + its rank). Only ranks count, which is the point: a full-text rank and a cosine similarity are
/// on scales that cannot be added.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>
    /// The paper's constant, which held up across the collections it was tried on. A large k flattens the head of each
    /// list, so an item ranked well by both word and meaning beats one that only one of them put first.
    /// </summary>
    public const int K = 60;

    /// <summary>
    /// The items of <paramref name="rankings"/> by fused score, best first (ties by first appearance). An item's rank in a
    /// list counts the distinct items before its first occurrence: a list of hits with several per file ranks files, so a
    /// file with five text hits does not push the next file down to sixth (and text search, which returns more hits per
    /// file than semantic search, is not handicapped in the fusion).
    /// </summary>
    public static IReadOnlyList<(string Key, double Score)> Fuse(params IEnumerable<IEnumerable<string>> rankings)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var ranking in rankings)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in ranking)
            {
                if (!seen.Add(key))
                {
                    continue;
                }

                var position = seen.Count;
                if (!scores.ContainsKey(key))
                {
                    order.Add(key);
                    scores[key] = 0;
                }

                scores[key] += 1.0 / (K + position);
            }
        }

        return [.. order.Select((key, first) => (key, first)).OrderByDescending(k => scores[k.key]).ThenBy(k => k.first).Select(k => (k.key, scores[k.key]))];
    }
}
