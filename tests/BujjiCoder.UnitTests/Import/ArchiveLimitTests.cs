using System.Buffers.Binary;
using System.Formats.Tar;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveLimitTests
{
    private static readonly ArchiveLimits Small = new(10, 1000, 3072, 200, 1024 * 1024);

    [Fact]
    public async Task Zip_with_more_entries_than_allowed_is_refused()
    {
        using var archive = Zip([.. Enumerable.Range(0, 11).Select(i => ($"f{i}.txt", "x"))]);

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooManyEntries, rejected.Problem);
    }

    [Fact]
    public async Task Zip_with_exactly_the_allowed_entries_is_accepted()
    {
        using var archive = Zip([.. Enumerable.Range(0, 10).Select(i => ($"f{i}.txt", "x"))]);

        var plan = await PlanAsync(archive, Small);

        Assert.Equal(10, plan.Files.Count);
    }

    [Fact]
    public async Task Tar_stops_reading_at_the_first_entry_over_the_limit()
    {
        // Eleven entries, then a damaged header: refusing for the count without reading further means the damage is never seen.
        var tar = Tar(writer =>
        {
            for (var i = 0; i < 12; i++)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, $"d{i}/"));
            }
        });
        Array.Fill(tar, (byte)'x', 11 * 512, 512);
        using var archive = Gzip(tar);

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooManyEntries, rejected.Problem);
    }

    [Fact]
    public async Task Directories_count_as_entries()
    {
        using var archive = TarGz(tar =>
        {
            for (var i = 0; i < 11; i++)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"d{i}/"));
            }
        });

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooManyEntries, rejected.Problem);
    }

    [Fact]
    public async Task Zip_file_larger_than_allowed_is_refused()
    {
        using var archive = Zip(("small.txt", "x"), ("big.txt", new string('a', 1001)));

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.Equal("big.txt", Assert.Single(rejected.Entries).Path);
    }

    [Fact]
    public async Task Tar_file_larger_than_allowed_is_refused()
    {
        using var archive = TarGz(("small.txt", "x"), ("big.txt", new string('a', 1001)));

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.Equal("big.txt", Assert.Single(rejected.Entries).Path);
    }

    [Fact]
    public async Task File_of_exactly_the_allowed_size_is_accepted()
    {
        using var archive = Zip(("big.txt", new string('a', 1000)));

        var plan = await PlanAsync(archive, Small);

        Assert.Equal(1000, plan.TotalBytes);
    }

    [Fact]
    public async Task Zip_whose_header_understates_the_size_is_refused_not_cut_short()
    {
        // The headers claim 10 bytes; the deflated data holds 5000. ZipArchive stops inflating at the claimed size,
        // so the lie is caught by the stored checksum, which no longer matches what came out.
        using var archive = Zip(("liar.txt", new string('a', 5000)));
        var bytes = archive.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), 10);
        var directory = bytes.AsSpan().IndexOf("PK\x01\x02"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(directory + 24), 10);

        var rejected = await RejectedAsync(new MemoryStream(bytes), Small);

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.Equal("liar.txt", Assert.Single(rejected.Entries).Path);
    }

    [Fact]
    public async Task Zip_whose_header_overstates_the_size_is_refused()
    {
        using var archive = Zip(("liar.txt", new string('a', 50)));
        var bytes = archive.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), 500);
        var directory = bytes.AsSpan().IndexOf("PK\x01\x02"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(directory + 24), 500);

        var rejected = await RejectedAsync(new MemoryStream(bytes), Small);

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Files_adding_up_to_more_than_the_total_are_refused(bool zip)
    {
        var files = new[] { ("a.txt", new string('a', 1000)), ("b.txt", new string('b', 1000)), ("c.txt", new string('c', 1000)), ("d.txt", new string('d', 1000)) };
        using var archive = zip ? Zip(files) : TarGz(files);

        var rejected = await RejectedAsync(archive, Small);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.Contains("3 KB", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_files_do_not_count_against_the_file_limit()
    {
        using var archive = Zip(("src/app.cs", "x"), ("node_modules/huge.js", new string('a', 5000)), ("dist/bundle.js", new string('a', 5000)), (".gitignore", "dist/"));

        var plan = await PlanAsync(archive, Small);

        Assert.Equal([".gitignore", "src/app.cs"], plan.Files.Select(file => file.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Oversized_gitignore_is_refused()
    {
        using var archive = Zip((".gitignore", "# " + new string('x', 1024 * 1024)));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.Contains(".gitignore", rejected.Message, StringComparison.Ordinal);
    }
}
