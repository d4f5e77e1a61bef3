using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.UnitTests.Semantic;

/// <summary>The exact search's ranking on vectors made by hand, so the expected order is known without a model.</summary>
public sealed class ExactVectorStoreTests
{
    private static readonly float[] Query = Unit(1, 0, 0);

    [Fact]
    public void The_nearest_chunks_come_first_across_files_and_only_count_are_kept()
    {
        var files = new[]
        {
            ("a.cs", "ha", Blob((1, Unit(0, 1, 0)), (10, Unit(1, 1, 0)))),
            ("b.cs", "hb", Blob((5, Unit(1, 0, 0)), (20, Unit(-1, 0, 0)))),
            ("c.cs", "hc", Blob((1, Unit(1, 0.2f, 0)))),
        };

        var nearest = ExactVectorStore.Rank(Query, files, 3);

        Assert.Equal(["b.cs:5", "c.cs:1", "a.cs:10"], nearest.Select(m => $"{m.Path}:{m.StartLine}"));
        Assert.Equal(1.0, nearest[0].Score, 5);
        Assert.Equal(Math.Sqrt(0.5), nearest[2].Score, 5);
    }

    [Fact]
    public void One_blob_under_two_paths_is_found_under_both()
    {
        var blob = Blob((3, Unit(1, 0, 0)));

        var nearest = ExactVectorStore.Rank(Query, [("one.cs", "h", blob), ("two.cs", "h", blob)], 5);

        Assert.Equal(["one.cs", "two.cs"], nearest.Select(m => m.Path));
    }

    [Fact]
    public void Blobs_without_chunks_and_a_count_of_zero_find_nothing()
    {
        Assert.Empty(ExactVectorStore.Rank(Query, [("empty.cs", "h", BlobVectors.Empty)], 5));
        Assert.Empty(ExactVectorStore.Rank(Query, [("a.cs", "h", Blob((1, Unit(1, 0, 0))))], 0));
    }

    [Fact]
    public void Vectors_of_another_length_are_refused_rather_than_compared()
    {
        var other = new BlobVectors([new ChunkInfo(1, 2, null, null)], [1, 0], 2);

        Assert.Throws<InvalidOperationException>(() => ExactVectorStore.Rank(Query, [("a.cs", "h", other)], 5));
    }

    private static BlobVectors Blob(params (int StartLine, float[] Vector)[] chunks) =>
        new([.. chunks.Select(c => new ChunkInfo(c.StartLine, c.StartLine + 4, null, null))], [.. chunks.SelectMany(c => c.Vector)], 3);

    private static float[] Unit(float x, float y, float z)
    {
        var length = MathF.Sqrt((x * x) + (y * y) + (z * z));
        return [x / length, y / length, z / length];
    }
}
