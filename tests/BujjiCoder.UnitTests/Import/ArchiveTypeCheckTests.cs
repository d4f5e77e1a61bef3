using System.Formats.Tar;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

/// <summary>The two halves of an upload's type check: what its name claims and what its bytes are.</summary>
public sealed class ArchiveTypeCheckTests
{
    [Theory]
    [InlineData("project.zip", "Zip")]
    [InlineData("PROJECT.ZIP", "Zip")]
    [InlineData("project.tar.gz", "TarGz")]
    [InlineData("project.TGZ", "TarGz")]
    [InlineData("dir/sub/project.tgz", "TarGz")]
    [InlineData("project.gz", null)]
    [InlineData("project.tar", null)]
    [InlineData("project.zip.exe", null)]
    [InlineData("zip", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_name_claims_a_format_by_its_extension(string? name, string? expected) =>
        Assert.Equal(expected, ArchiveFormats.FromFileName(name)?.ToString());

    [Fact]
    public void A_tar_gz_inflates_to_a_tar_and_the_stream_is_rewound()
    {
        using var archive = TarGz(("a.txt", "x"), ("b/c.txt", "y"));

        Assert.True(ArchiveFormats.InflatesToTar(archive));
        Assert.Equal(0, archive.Position);
    }

    [Fact]
    public void Empty_tar_gz_files_inflate_to_a_tar()
    {
        using var dotnetEmpty = TarGz(_ => { });
        using var gnuEmpty = Gzip(new byte[10240]);

        Assert.True(ArchiveFormats.InflatesToTar(dotnetEmpty));
        Assert.True(ArchiveFormats.InflatesToTar(gnuEmpty));
    }

    [Fact]
    public void Tar_headers_of_every_format_pass()
    {
        foreach (var format in new[] { TarEntryFormat.V7, TarEntryFormat.Ustar, TarEntryFormat.Pax, TarEntryFormat.Gnu })
        {
            using var archive = Gzip(Tar(tar => tar.WriteEntry(format switch
            {
                TarEntryFormat.V7 => new V7TarEntry(TarEntryType.V7RegularFile, "a.txt"),
                TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, "a.txt"),
                TarEntryFormat.Pax => new PaxTarEntry(TarEntryType.RegularFile, "a.txt"),
                _ => new GnuTarEntry(TarEntryType.RegularFile, "a.txt"),
            })));

            Assert.True(ArchiveFormats.InflatesToTar(archive), format.ToString());
        }
    }

    [Theory]
    [InlineData("short text")]
    [InlineData("a page of plain text that is long enough to fill a tar block but has no header in it at all. ")]
    public void Gzip_of_anything_but_a_tar_does_not(string text)
    {
        using var archive = Gzip(Text(string.Concat(Enumerable.Repeat(text, 20))));

        Assert.False(ArchiveFormats.InflatesToTar(archive));
    }

    [Fact]
    public void A_tar_block_with_a_wrong_checksum_does_not()
    {
        var tar = Tar(t => t.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a.txt")));
        tar[0] ^= 0x20;

        Assert.False(ArchiveFormats.InflatesToTar(Gzip(tar)));
    }

    [Fact]
    public void Damaged_gzip_data_is_left_to_the_importer()
    {
        var bytes = TarGz(("a.txt", new string('a', 5000))).ToArray();
        Array.Fill(bytes, (byte)0xFF, 10, 40);

        Assert.True(ArchiveFormats.InflatesToTar(new MemoryStream(bytes)));
    }
}
