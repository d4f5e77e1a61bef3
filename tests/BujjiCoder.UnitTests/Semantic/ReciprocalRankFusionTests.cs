using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.UnitTests.Semantic;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void An_item_ranked_well_by_both_lists_beats_one_ranked_first_by_only_one()
    {
        var fused = ReciprocalRankFusion.Fuse(["words-only.cs", "both.cs"], ["meaning-only.cs", "both.cs"]);

        Assert.Equal("both.cs", fused[0].Key);
        Assert.Equal((2.0 / (ReciprocalRankFusion.K + 2)), fused[0].Score, 12);
        Assert.Equal(["both.cs", "words-only.cs", "meaning-only.cs"], fused.Select(f => f.Key));
    }

    [Fact]
    public void An_items_rank_counts_the_distinct_items_before_it_so_repeats_neither_add_nor_push_the_next_item_down()
    {
        var fused = ReciprocalRankFusion.Fuse(["a.cs", "a.cs", "a.cs", "b.cs"]);

        Assert.Equal([("a.cs", 1.0 / 61), ("b.cs", 1.0 / 62)], fused);
    }

    [Fact]
    public void Equal_scores_keep_the_order_items_were_first_seen_in()
    {
        var fused = ReciprocalRankFusion.Fuse(["x.cs"], ["y.cs"]);

        Assert.Equal(["x.cs", "y.cs"], fused.Select(f => f.Key));
        Assert.Equal(fused[0].Score, fused[1].Score);
    }

    [Fact]
    public void No_lists_or_empty_lists_fuse_to_nothing()
    {
        Assert.Empty(ReciprocalRankFusion.Fuse());
        Assert.Empty(ReciprocalRankFusion.Fuse([], []));
    }
}
