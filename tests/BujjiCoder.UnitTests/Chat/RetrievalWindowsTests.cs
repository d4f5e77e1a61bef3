using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.UnitTests.Chat;

/// <summary>How retrieval turns a file's word-hit windows and semantic chunks into the line ranges sent to the model.</summary>
public sealed class RetrievalWindowsTests
{
    [Fact]
    public void A_chunk_overlapping_a_hits_window_is_merged_into_one_range_scored_by_both()
    {
        var windows = ContextRetriever.Windows([(88, 112, 1.5), (105, 140, 0.6)], 500).ToList();

        Assert.Equal([(88, 140, 2.1)], windows.Select(w => (w.Start, w.End, Math.Round(w.Score, 6))));
    }

    [Fact]
    public void Ranges_apart_stay_apart_in_line_order_and_adjacent_ones_join()
    {
        var windows = ContextRetriever.Windows([(300, 320, 0.5), (10, 20, 1.0), (21, 30, 0.25)], 500).ToList();

        Assert.Equal([(10, 30, 1.25), (300, 320, 0.5)], windows.Select(w => (w.Start, w.End, w.Score)));
    }

    [Fact]
    public void Ranges_are_cut_to_the_file()
    {
        var windows = ContextRetriever.Windows([(-11, 13, 1.0), (45, 70, 0.5)], 50).ToList();

        Assert.Equal([(1, 13), (45, 50)], windows.Select(w => (w.Start, w.End)));
    }
}
