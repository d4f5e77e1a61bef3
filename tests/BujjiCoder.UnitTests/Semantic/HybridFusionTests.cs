using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.UnitTests.Semantic;

/// <summary>How hybrid search lays out the fused files' hits.</summary>
public sealed class HybridFusionTests
{
    [Fact]
    public void Hits_follow_their_files_fused_order_carry_its_score_and_a_line_found_twice_is_shown_once()
    {
        SearchHit[] text = [new("words.cs", 3, "x", 1.2), new("both.cs", 7, "y", 0.9), new("both.cs", 9, "z", 0.8)];
        SearchHit[] semantic = [new("meaning.cs", 1, "m", 0.61), new("both.cs", 7, "y", 0.5, "Pay", "method")];

        var hits = SemanticCodeSearch.Fuse(text, semantic, 10);

        // Found by both first; then meaning's first before words' first, meaning weighing more.
        Assert.Equal(["both.cs:7", "both.cs:9", "meaning.cs:1", "words.cs:3"], hits.Select(h => $"{h.Path}:{h.Line}"));
        Assert.Equal(Math.Round((1.0 / 62) + (HybridFusion.MeaningWeight / 62), 6), hits[0].Score);
        Assert.Equal(hits[0].Score, hits[1].Score);
        Assert.Equal(Math.Round(HybridFusion.MeaningWeight / 61, 6), hits[2].Score);
        Assert.Equal(Math.Round(1.0 / 61, 6), hits[3].Score);
    }

    [Fact]
    public void The_limit_counts_hits_not_files()
    {
        SearchHit[] text = [new("a.cs", 1, "a", 1), new("a.cs", 2, "b", 1), new("b.cs", 1, "c", 1)];

        Assert.Equal(2, SemanticCodeSearch.Fuse(text, [], 2).Count);
    }
}
