using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveFormatTests
{
    [Fact]
    public void Formats_are_detected_by_their_first_bytes_and_the_stream_is_rewound()
    {
        using var zip = Zip(("a.txt", "x"));
        using var emptyZip = Zip(_ => { });
        using var tarGz = TarGz(("a.txt", "x"));
        using var text = new MemoryStream(Text("PK but not a zip"));
        zip.Position = 3;

        Assert.Equal(ArchiveFormat.Zip, ArchiveFormats.Detect(zip));
        Assert.Equal(0, zip.Position);
        Assert.Equal(ArchiveFormat.Zip, ArchiveFormats.Detect(emptyZip));
        Assert.Equal(ArchiveFormat.TarGz, ArchiveFormats.Detect(tarGz));
        Assert.Null(ArchiveFormats.Detect(text));
        Assert.Null(ArchiveFormats.Detect(new MemoryStream()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text, not an archive")]
    [InlineData("Rar!\u001a\u0007\u0000")]
    public async Task File_that_is_not_an_archive_is_invalid(string content)
    {
        var rejected = await RejectedAsync(new MemoryStream(Text(content)));

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.Contains(".zip or .tar.gz", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_zip_is_invalid()
    {
        using var archive = Zip(("a.txt", new string('a', 2000)), ("b.txt", "b"));
        var bytes = archive.ToArray()[..^30];

        var rejected = await RejectedAsync(new MemoryStream(bytes));

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.IsType<InvalidDataException>(rejected.InnerException);
    }

    [Fact]
    public async Task Zip_with_damaged_compressed_data_is_invalid()
    {
        var content = new byte[20_000];
        new Random(3).NextBytes(content);
        using var archive = Zip(zip => Write(zip.CreateEntry("random.bin"), content));
        var bytes = archive.ToArray();
        Array.Fill(bytes, (byte)0xFF, 100, 2000);

        var rejected = await RejectedAsync(new MemoryStream(bytes));

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
    }

    [Fact]
    public async Task Gzip_that_does_not_hold_a_tar_is_invalid()
    {
        using var archive = Gzip(Text(string.Concat(Enumerable.Repeat("not a tar header. ", 100))));

        var rejected = await RejectedAsync(archive);

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
        Assert.Contains("tar.gz", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_tar_gz_is_invalid()
    {
        var content = new byte[100_000];
        new Random(5).NextBytes(content);
        using var archive = TarGz(tar => tar.WriteEntry(File("random.bin", content)));
        var bytes = archive.ToArray()[..(int)(archive.Length / 2)];

        var rejected = await RejectedAsync(new MemoryStream(bytes));

        Assert.Equal(ArchiveProblem.Invalid, rejected.Problem);
    }

    [Fact]
    public async Task Empty_zip_gives_an_empty_plan()
    {
        using var archive = Zip(_ => { });

        var plan = await PlanAsync(archive);

        Assert.Equal(ArchiveFormat.Zip, plan.Format);
        Assert.Empty(plan.Files);
        Assert.Equal(0, plan.TotalBytes);
    }
}
