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
    /// list is the 1-based position of its first occurrence there; later occurrences are ignored.
    /// </summary>
    public static IReadOnlyList<(string Key, double Score)> Fuse(params IEnumerable<IEnumerable<string>> rankings)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var ranking in rankings)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var position = 0;
            foreach (var key in ranking)
            {
                position++;
                if (!seen.Add(key))
                {
                    continue;
                }

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
