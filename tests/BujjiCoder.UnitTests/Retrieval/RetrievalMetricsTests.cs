using BujjiCoder.Benchmarks.Retrieval;

namespace BujjiCoder.UnitTests.Retrieval;

/// <summary>The retrieval benchmark's recall@5 and MRR on hand-made rankings whose figures are worked out by hand.</summary>
public sealed class RetrievalMetricsTests
{
    [Fact]
    public void Recall_at_5_is_the_share_of_answer_files_among_the_first_five_files()
    {
        var score = RetrievalMetrics.Score(["a.js", "b.js", "c.js", "d.js", "e.js", "f.js"], ["b.js", "f.js"]);

        Assert.Equal(0.5, score.RecallAt5);
    }

    [Fact]
    public void Several_hits_of_one_file_count_as_one_file_so_a_later_answer_still_makes_the_first_five()
    {
        // Lines of a.js fill the first three hits; by file, f.js is fifth.
        var score = RetrievalMetrics.Score(["a.js", "a.js", "a.js", "b.js", "c.js", "d.js", "f.js"], ["f.js"]);

        Assert.Equal(1.0, score.RecallAt5);
        Assert.Equal(0.2, score.ReciprocalRank, precision: 12);
    }

    [Fact]
    public void The_reciprocal_rank_is_that_of_the_first_answer_file_even_past_the_fifth()
    {
        var score = RetrievalMetrics.Score(["a.js", "b.js", "c.js", "d.js", "e.js", "f.js", "g.js"], ["g.js", "f.js"]);

        Assert.Equal(0.0, score.RecallAt5);
        Assert.Equal(1.0 / 6, score.ReciprocalRank, precision: 12);
    }

    [Fact]
    public void A_retrieval_without_any_answer_file_scores_zero_on_both()
    {
        Assert.Equal(new RetrievalScore(0, 0), RetrievalMetrics.Score(["a.js", "b.js"], ["z.js"]));
        Assert.Equal(new RetrievalScore(0, 0), RetrievalMetrics.Score([], ["z.js"]));
    }

    [Fact]
    public void Paths_must_match_exactly_as_workspace_paths_do()
    {
        Assert.Equal(new RetrievalScore(0, 0), RetrievalMetrics.Score(["Lib/A.js", "lib/a.js/"], ["lib/a.js"]));
    }

    [Fact]
    public void The_means_weigh_every_question_alike_however_many_answers_it_has()
    {
        var oneOfTwo = RetrievalMetrics.Score(["x.js", "a.js"], ["a.js", "b.js"]);
        var none = RetrievalMetrics.Score(["x.js"], ["c.js"]);

        var mean = RetrievalMetrics.Mean([oneOfTwo, none]);

        Assert.Equal(0.25, mean.RecallAt5, precision: 12);
        Assert.Equal(0.25, mean.ReciprocalRank, precision: 12);
    }

    [Fact]
    public void A_question_without_answers_or_an_empty_set_of_questions_is_refused_rather_than_scored()
    {
        Assert.ThrowsAny<ArgumentException>(() => RetrievalMetrics.Score(["a.js"], []));
        Assert.ThrowsAny<ArgumentException>(() => RetrievalMetrics.Mean([]));
    }
}
