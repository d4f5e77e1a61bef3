using System.Formats.Tar;
using System.IO.Compression;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveUnsafeEntryTests
{
    public static TheoryData<string> EscapingNames =>
    [
        "../evil.txt",
        "a/../../evil",
        "/etc/passwd",
        "C:/x",
        "C:x",
        "..\\..\\x",
        "a\\b",
        "a\0b",
        "a/\u0007bell",
        "%2e%2e/x",
        "\uFF0E\uFF0E/x",
        "~/x",
        "./../x",
    ];

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task Zip_entry_whose_name_escapes_the_workspace_is_refused(string name)
    {
        using var archive = Zip(("ok.txt", "fine"), (name, "evil"));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        var issue = Assert.Single(rejected.Entries);
        Assert.Equal(EntryName.Display(name), issue.Path);
        Assert.StartsWith("unsafe path", issue.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task Tar_entry_whose_name_escapes_the_workspace_is_refused(string name)
    {
        using var archive = TarGz(("ok.txt", "fine"), (name, "evil"));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        Assert.Single(rejected.Entries);
    }

    [Fact]
    public async Task Zip_directory_entry_that_escapes_is_refused()
    {
        using var archive = Zip(zip => zip.CreateEntry("../outside/"));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
    }

    [Fact]
    public async Task Every_unsafe_entry_is_listed_not_only_the_first()
    {
        using var archive = Zip(("../a", "x"), ("fine.txt", "x"), ("/b", "x"), ("c\\d", "x"));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(["../a", "/b", "c\\d"], rejected.Entries.Select(issue => issue.Path));
        Assert.Contains("3 unsafe entries", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_shown_with_control_characters_escaped()
    {
        using var archive = Zip(("a\0b\u001b[31m", "x"));

        var rejected = await RejectedAsync(archive);

        Assert.Equal("a\\u0000b\\u001B[31m", Assert.Single(rejected.Entries).Path);
        Assert.DoesNotContain('\0', rejected.Message);
    }

    [Fact]
    public async Task Tar_symbolic_link_is_refused()
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(File("readme.md", Text("hi")));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "passwd") { LinkName = "/etc/passwd" });
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        var issue = Assert.Single(rejected.Entries);
        Assert.Equal("passwd", issue.Path);
        Assert.Contains("symbolic link", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tar_hard_link_is_refused()
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(File("readme.md", Text("hi")));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "copy.md") { LinkName = "readme.md" });
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        Assert.Contains("hard link", Assert.Single(rejected.Entries).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task Tar_device_and_fifo_entries_are_refused(TarEntryType type)
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(File("readme.md", Text("hi")));
            var special = new UstarTarEntry(type, "dev/thing");
            if (type != TarEntryType.Fifo)
            {
                special.DeviceMajor = 1;
                special.DeviceMinor = 3;
            }

            tar.WriteEntry(special);
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        Assert.Equal("dev/thing", Assert.Single(rejected.Entries).Path);
    }

    [Fact]
    public async Task Links_inside_folders_that_are_never_imported_are_skipped_not_refused()
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(File("package.json", Text("{}")));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "node_modules/.bin/tsc") { LinkName = "../typescript/bin/tsc" });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "src/escape") { LinkName = "/etc" });
        });
        using var benign = TarGz(tar =>
        {
            tar.WriteEntry(File("package.json", Text("{}")));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "node_modules/.bin/tsc") { LinkName = "../typescript/bin/tsc" });
        });

        var rejected = await RejectedAsync(archive);
        var plan = await PlanAsync(benign);

        Assert.Equal("src/escape", Assert.Single(rejected.Entries).Path);
        Assert.Equal(["package.json"], plan.Files.Select(f => f.Path));
        Assert.Contains(plan.Skipped, s => s.Path == "node_modules/.bin/tsc" && s.Reason.Contains("node_modules/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zip_entry_with_unix_symbolic_link_mode_is_refused()
    {
        using var archive = Zip(zip =>
        {
            Write(zip.CreateEntry("readme.md"), Text("hi"));
            var link = zip.CreateEntry("link");
            link.ExternalAttributes = unchecked((int)0xA1FF_0000); // lrwxrwxrwx
            Write(link, Text("/etc/passwd"));
        });

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Unsafe, rejected.Problem);
        var issue = Assert.Single(rejected.Entries);
        Assert.Equal("link", issue.Path);
        Assert.Equal("symbolic link", issue.Reason);
    }

    [Fact]
    public async Task Zip_entry_with_unix_regular_file_mode_is_imported()
    {
        using var archive = Zip(zip =>
        {
            var file = zip.CreateEntry("run.sh");
            file.ExternalAttributes = unchecked((int)0x81ED_0000); // -rwxr-xr-x
            Write(file, Text("echo hi"));
        });

        var (_, files) = await ImportAsync(archive);

        Assert.Equal("echo hi", System.Text.Encoding.UTF8.GetString(files["run.sh"]));
    }
}
