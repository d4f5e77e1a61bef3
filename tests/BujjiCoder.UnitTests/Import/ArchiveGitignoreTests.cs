using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveGitignoreTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Root_gitignore_patterns_skip_files_anywhere(bool zip)
    {
        (string, string)[] files =
        [
            (".gitignore", "# logs\n*.log\n/secret.txt\n\n"),
            ("app.log", "x"),
            ("src/deep/trace.log", "x"),
            ("secret.txt", "x"),
            ("src/secret.txt", "kept: '/' anchors the pattern to the root"),
            ("src/app.cs", "x"),
        ];
        using var archive = zip ? Zip(files) : TarGz(files);

        var plan = await PlanAsync(archive);

        Assert.Equal([".gitignore", "src/secret.txt", "src/app.cs"], plan.Files.Select(file => file.Path));
        Assert.Equal(
            [("app.log", "ignored by .gitignore"), ("src/deep/trace.log", "ignored by .gitignore"), ("secret.txt", "ignored by .gitignore")],
            plan.Skipped.Select(issue => (issue.Path, issue.Reason)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Gitignore_applies_even_when_it_comes_last_in_the_archive(bool zip)
    {
        (string, string)[] files = [("debug.log", "x"), ("keep.txt", "x"), (".gitignore", "*.log")];
        using var archive = zip ? Zip(files) : TarGz(files);

        Assert.Equal(["keep.txt", ".gitignore"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Nested_gitignore_applies_to_its_directory_only_with_relative_patterns()
    {
        using var archive = Zip(
            ("web/.gitignore", "*.tmp\n/dist\n"),
            ("web/a.tmp", "x"),
            ("web/sub/b.tmp", "x"),
            ("web/dist/app.js", "x"),
            ("web/src/dist/keep.js", "x"),
            ("c.tmp", "x"),
            ("dist/root.js", "x"));

        Assert.Equal(["web/.gitignore", "web/src/dist/keep.js", "c.tmp", "dist/root.js"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Negation_re_includes_a_file()
    {
        using var archive = TarGz(
            (".gitignore", "*.log\n!keep.log\n"),
            ("a.log", "x"),
            ("keep.log", "x"),
            ("sub/keep.log", "x"));

        Assert.Equal([".gitignore", "keep.log", "sub/keep.log"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Deeper_gitignore_overrides_the_root_one()
    {
        using var archive = Zip(
            (".gitignore", "*.log\n"),
            ("logs/.gitignore", "!important.log\n"),
            ("logs/important.log", "x"),
            ("logs/other.log", "x"));

        Assert.Equal([".gitignore", "logs/.gitignore", "logs/important.log"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Later_line_wins_within_one_gitignore()
    {
        using var archive = Zip((".gitignore", "!a.txt\n*.txt\n"), ("a.txt", "x"), ("b.md", "x"));

        Assert.Equal([".gitignore", "b.md"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Files_in_an_ignored_directory_cannot_be_re_included()
    {
        using var archive = Zip((".gitignore", "logs/\n!logs/keep.log\n!keep.log\n"), ("logs/keep.log", "x"));

        Assert.Equal([".gitignore"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Negating_a_name_does_not_re_include_other_files_below_a_directory_of_that_name()
    {
        using var archive = Zip((".gitignore", "*.log\n!docs\n"), ("docs/build.log", "x"), ("docs/readme.md", "x"));

        Assert.Equal([".gitignore", "docs/readme.md"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Directory_pattern_matches_directories_at_any_depth_but_not_files()
    {
        using var archive = Zip(
            (".gitignore", "build/\n"),
            ("build/out.bin", "x"),
            ("src/build/gen.cs", "x"),
            ("notes/build", "a file named build"));

        Assert.Equal([".gitignore", "notes/build"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Windows_line_endings_trailing_spaces_and_byte_order_mark_are_handled()
    {
        using var archive = Zip((".gitignore", "\uFEFF*.log  \r\n\r\n   \r\n#comment\r\n!\r\n"), ("a.log", "x"), ("b.txt", "x"));

        Assert.Equal([".gitignore", "b.txt"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Gitignore_can_be_turned_off()
    {
        using var archive = TarGz((".gitignore", "*.log"), ("a.log", "x"));

        var paths = await PlannedPathsAsync(archive, new ArchiveImportOptions(RespectGitignore: false));

        Assert.Equal([".gitignore", "a.log"], paths);
    }

    [Fact]
    public async Task Gitignore_inside_node_modules_is_not_applied()
    {
        using var archive = TarGz(("node_modules/.gitignore", "*"), ("a.txt", "x"));

        Assert.Equal(["a.txt"], await PlannedPathsAsync(archive));
    }

    [Fact]
    public async Task Gitignore_files_with_too_many_rules_are_refused()
    {
        var rules = string.Concat(Enumerable.Range(0, GitignoreRules.MaxRules + 1).Select(i => $"pattern{i}\n"));
        using var archive = Zip(zip =>
        {
            Write(zip.CreateEntry(".gitignore"), Text(rules));
            Write(zip.CreateEntry("a.txt"), Text("a"));
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.Contains("rules", rejected.Message, StringComparison.Ordinal);
    }
}
