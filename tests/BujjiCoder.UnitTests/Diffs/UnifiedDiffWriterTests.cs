using BujjiCoder.Workspaces.Diffs;

namespace BujjiCoder.UnitTests.Diffs;

public sealed class UnifiedDiffWriterTests
{
    [Fact]
    public void Writes_a_git_style_diff_for_a_small_change()
    {
        var diff = UnifiedDiffWriter.Write("src/a.txt", "src/a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n", context: 1);

        Assert.Equal(
            """
            diff --git a/src/a.txt b/src/a.txt
            --- a/src/a.txt
            +++ b/src/a.txt
            @@ -4,3 +4,3 @@
             4
            -5
            +five
             6
            @@ -9 +9,2 @@
             9
            +10

            """,
            diff);
    }

    [Fact]
    public void Merges_changes_closer_than_twice_the_context_into_one_hunk()
    {
        var diff = UnifiedDiffWriter.Write("f", "f", "a\nb\nc\nd\ne\n", "A\nb\nc\nD\ne\n");

        Assert.Equal("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n-a\n+A\n b\n c\n-d\n+D\n e\n", diff);
    }

    [Fact]
    public void Writes_new_and_deleted_files()
    {
        Assert.Equal(
            "diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n",
            UnifiedDiffWriter.Write(null, "n.txt", null, "x\ny\n"));
        Assert.Equal(
            "diff --git a/d.txt b/d.txt\ndeleted file mode 100644\n--- a/d.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
            UnifiedDiffWriter.Write("d.txt", null, "x\n", null));
        Assert.Equal("diff --git a/e.txt b/e.txt\nnew file mode 100644\n", UnifiedDiffWriter.Write(null, "e.txt", null, string.Empty));
    }

    [Fact]
    public void Marks_a_missing_final_newline_on_each_side()
    {
        Assert.Equal(
            "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
            UnifiedDiffWriter.Write("f", "f", "a\nb", "a\nb\n"));
        Assert.Equal(
            "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file\n",
            UnifiedDiffWriter.Write("f", "f", "a\nb", "A\nb"));
    }

    [Fact]
    public void Writes_renames_with_and_without_changes()
    {
        Assert.Equal(
            "diff --git a/old.txt b/new.txt\nrename from old.txt\nrename to new.txt\n",
            UnifiedDiffWriter.Write("old.txt", "new.txt", "same\n", "same\n"));
        Assert.Equal(
            "diff --git a/old.txt b/new.txt\nrename from old.txt\nrename to new.txt\n--- a/old.txt\n+++ b/new.txt\n@@ -1 +1 @@\n-x\n+y\n",
            UnifiedDiffWriter.Write("old.txt", "new.txt", "x\n", "y\n"));
    }

    [Theory]
    [InlineData("same\n", "same\n")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Writes_nothing_when_nothing_changed(string? before, string? after)
    {
        Assert.Equal(string.Empty, UnifiedDiffWriter.Write("f", "f", before, after));
    }

    [Fact]
    public void Quotes_paths_as_git_does()
    {
        var diff = UnifiedDiffWriter.Write("we\"ird.txt", "we\"ird.txt", "a\n", "b\n");

        Assert.StartsWith("diff --git \"a/we\\\"ird.txt\" \"b/we\\\"ird.txt\"\n--- \"a/we\\\"ird.txt\"\n", diff, StringComparison.Ordinal);
        Assert.Equal("we\"ird.txt", UnifiedDiffParser.Parse(diff).Single().Path);
    }

    [Fact]
    public void Ends_paths_with_spaces_with_a_tab_so_they_read_back_whole()
    {
        var diff = UnifiedDiffWriter.Write("my file.txt", "my file.txt", "a\n", "b\n");

        Assert.Contains("--- a/my file.txt\t\n+++ b/my file.txt\t\n", diff, StringComparison.Ordinal);
        Assert.Equal("my file.txt", UnifiedDiffParser.Parse(diff).Single().Path);
    }
}
