using System.Formats.Tar;
using System.Text;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveImportTests
{
    private static readonly (string Path, byte[] Content)[] Project =
    [
        ("README.md", Text("# Hello\n")),
        ("src/app.cs", Text("class App { }\n")),
        ("src/empty.txt", []),
        ("docs/naïve-日本語.md", Text("Ünïcödé content ✓")),
        ("data/blob.bin", [0, 1, 2, 255, 254, 0, 10, 13]),
    ];

    [Fact]
    public async Task Zip_imports_every_file_with_exact_content_in_archive_order()
    {
        using var archive = Zip(zip =>
        {
            zip.CreateEntry("src/");
            foreach (var (path, content) in Project)
            {
                Write(zip.CreateEntry(path), content);
            }
        });

        await AssertImportsProjectAsync(archive, ArchiveFormat.Zip);
    }

    [Fact]
    public async Task Tar_gz_imports_every_file_with_exact_content_in_archive_order()
    {
        using var archive = TarGz(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./src/"));
            foreach (var (path, content) in Project)
            {
                tar.WriteEntry(File("./" + path, content));
            }
        });

        await AssertImportsProjectAsync(archive, ArchiveFormat.TarGz);
    }

    [Fact]
    public async Task Tar_in_ustar_and_gnu_formats_imports_too()
    {
        using var ustar = Gzip(TarIn(TarEntryFormat.Ustar));
        using var gnu = Gzip(TarIn(TarEntryFormat.Gnu));

        var (_, fromUstar) = await ImportAsync(ustar);
        var (_, fromGnu) = await ImportAsync(gnu);

        Assert.Equal("hi", Encoding.UTF8.GetString(fromUstar["dir/a.txt"]));
        Assert.Equal("hi", Encoding.UTF8.GetString(fromGnu["dir/a.txt"]));
    }

    [Fact]
    public async Task Progress_reports_compressed_bytes_read()
    {
        var content = new byte[300_000];
        new Random(11).NextBytes(content);
        using var archive = TarGz(tar => tar.WriteEntry(File("random.bin", content)));
        var reported = new List<long>();

        await PlanAsync(archive, progress: new SynchronousProgress<long>(reported.Add));

        Assert.True(reported.Count > 1, "progress is reported along the way");
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(archive.Length, reported[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Second_pass_fails_when_the_archive_changed_after_planning(bool zip)
    {
        var importer = new ArchiveImporter(Limits);
        (string, string)[] original = [("a.txt", "short"), ("b.txt", "b")];
        (string, string)[] changed = [("a.txt", "much longer now"), ("b.txt", "b")];
        using var first = zip ? Zip(original) : TarGz(original);
        using var second = zip ? Zip(changed) : TarGz(changed);
        var plan = await importer.PlanAsync(first, new ArchiveImportOptions(), null, TestContext.Current.CancellationToken);

        var rejected = await Assert.ThrowsAsync<ArchiveRejectedException>(async () =>
        {
            await foreach (var _ in importer.ReadAsync(second, plan, TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.Contains("changed", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_files_are_not_yielded_by_the_second_pass()
    {
        using var archive = TarGz(("node_modules/x.js", "x"), (".gitignore", "*.log"), ("a.log", "x"), ("keep.txt", "k"));

        var (_, files) = await ImportAsync(archive);

        Assert.Equal([".gitignore", "keep.txt"], files.Keys.Order(StringComparer.Ordinal));
    }

    private static byte[] TarIn(TarEntryFormat format) => Tar(tar =>
    {
        var entry = format == TarEntryFormat.Ustar
            ? (TarEntry)new UstarTarEntry(TarEntryType.RegularFile, "dir/a.txt")
            : new GnuTarEntry(TarEntryType.RegularFile, "dir/a.txt");
        entry.DataStream = new MemoryStream(Text("hi"));
        tar.WriteEntry(entry);
    });

    private static async Task AssertImportsProjectAsync(Stream archive, ArchiveFormat format)
    {
        var (plan, files) = await ImportAsync(archive);

        Assert.Equal(format, plan.Format);
        Assert.Equal(Project.Select(file => file.Path), plan.Files.Select(file => file.Path));
        Assert.Equal(Project.Select(file => (long)file.Content.Length), plan.Files.Select(file => file.Size));
        Assert.Equal(Project.Sum(file => file.Content.Length), plan.TotalBytes);
        Assert.Empty(plan.Skipped);
        foreach (var (path, content) in Project)
        {
            Assert.Equal(content, files[path]);
        }
    }
}
