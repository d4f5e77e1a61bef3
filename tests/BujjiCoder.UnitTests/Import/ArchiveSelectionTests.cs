using System.Formats.Tar;
using System.Text;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveSelectionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Repository_dependency_and_build_directories_are_skipped_and_reported(bool zip)
    {
        (string, string)[] files =
        [
            (".git/config", "x"),
            ("node_modules/left-pad/index.js", "x"),
            ("src/node_modules/x.js", "x"),
            ("App/bin/Debug/App.dll", "x"),
            ("App/obj/project.assets.json", "x"),
            ("App/Program.cs", "x"),
            ("App/binary/keep.txt", "a segment must match exactly"),
            ("Bin/keep.txt", "matching is case-sensitive"),
            (".github/workflows/ci.yml", "x"),
        ];
        using var archive = zip ? Zip(files) : TarGz(files);

        var plan = await PlanAsync(archive);

        Assert.Equal(["App/Program.cs", "App/binary/keep.txt", "Bin/keep.txt", ".github/workflows/ci.yml"], plan.Files.Select(file => file.Path));
        Assert.Equal(
            [".git/config", "node_modules/left-pad/index.js", "src/node_modules/x.js", "App/bin/Debug/App.dll", "App/obj/project.assets.json"],
            plan.Skipped.Select(issue => issue.Path));
        Assert.Contains("node_modules", plan.Skipped[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Duplicate_path_keeps_the_later_entry_and_reports_the_earlier(bool zip)
    {
        (string, string)[] files = [("a.txt", "first"), ("b.txt", "b"), ("a.txt", "second")];
        using var archive = zip ? Zip(files) : TarGz(files);

        var (plan, imported) = await ImportAsync(archive);

        Assert.Equal(["b.txt", "a.txt"], plan.Files.Select(file => file.Path));
        Assert.Equal("second", Encoding.UTF8.GetString(imported["a.txt"]));
        Assert.Equal(new ArchiveEntryIssue("a.txt", "duplicate"), Assert.Single(plan.Skipped));
    }

    [Fact]
    public async Task Tar_dot_slash_prefix_makes_a_duplicate_of_the_same_path()
    {
        using var archive = TarGz(("./a.txt", "first"), ("a.txt", "second"));

        var (_, imported) = await ImportAsync(archive);

        Assert.Equal("second", Encoding.UTF8.GetString(Assert.Single(imported).Value));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Path_that_is_both_a_file_and_a_directory_is_invalid(bool zip)
    {
        (string, string)[] files = [("a", "file"), ("a/b", "file below it")];
        using var archive = zip ? Zip(files) : TarGz(files);

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.Equal("a", Assert.Single(rejected.Entries).Path);
    }

    [Fact]
    public async Task File_clashing_with_an_explicit_directory_entry_is_invalid()
    {
        using var archive = Zip(zip =>
        {
            zip.CreateEntry("docs/");
            Write(zip.CreateEntry("docs"), Text("file"));
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
    }

    [Fact]
    public async Task Directory_entries_are_neither_imported_nor_reported()
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./src/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "empty/"));
            tar.WriteEntry(File("./src/main.c", Text("int main;")));
        });

        var plan = await PlanAsync(archive);

        Assert.Equal("src/main.c", Assert.Single(plan.Files).Path);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public async Task Entry_without_a_name_is_skipped_and_reported()
    {
        using var archive = TarGz(("./", "nameless file"), ("a.txt", "x"));

        var plan = await PlanAsync(archive);

        Assert.Equal("a.txt", Assert.Single(plan.Files).Path);
        Assert.Equal(new ArchiveEntryIssue("./", "empty name"), Assert.Single(plan.Skipped));
    }
}
