using System.IO.Compression;
using static BujjiCoder.UnitTests.Import.TestArchives;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

public sealed class ArchiveBombTests
{
    private const int Megabyte = 1024 * 1024;

    // Size limits far above the bombs, so only the ratio can stop them.
    private static readonly ArchiveLimits RatioOnly = new(100, 1024L * Megabyte, 4096L * Megabyte, 200, Megabyte);

    [Fact]
    public async Task Zip_entry_of_50_MB_of_zeros_is_a_bomb_and_reading_stops_early()
    {
        // The bomb comes first; an incompressible stored entry after it keeps the zip's directory (read from the
        // end) apart from the bomb's data, so the bytes read of the bomb show how far inflating got.
        long bombEnd = 0;
        using var built = Zip(zip =>
        {
            using (var bomb = zip.CreateEntry("zeros.bin", CompressionLevel.Optimal).Open())
            {
                var zeros = new byte[Megabyte];
                for (var i = 0; i < 50; i++)
                {
                    bomb.Write(zeros);
                }
            }

            var padding = new byte[128 * 1024];
            new Random(7).NextBytes(padding);
            Write(zip.CreateEntry("padding.bin", CompressionLevel.NoCompression), padding);
        });
        using (var probe = new ZipArchive(built, ZipArchiveMode.Read, leaveOpen: true))
        {
            bombEnd = probe.GetEntry("zeros.bin")!.CompressedLength + 100;
        }

        using var archive = new ReadCountingStream(built, countBelow: bombEnd);

        var rejected = await RejectedAsync(archive, RatioOnly);

        Assert.Equal(ArchiveProblem.Bomb, rejected.Problem);
        Assert.Equal("zeros.bin", Assert.Single(rejected.Entries).Path);

        // 50 MB of zeros deflate ~1000:1; at a limit of 200 inflating stops around a fifth of the way.
        Assert.True(archive.BytesRead < bombEnd / 2, $"read {archive.BytesRead} of {bombEnd} compressed bytes");
    }

    [Fact]
    public async Task Small_highly_compressible_zip_file_is_not_a_bomb()
    {
        // Below the threshold the ratio is not checked: a 100 KB file of one repeated byte is ordinary.
        using var archive = Zip(("blank.txt", new string(' ', 100 * 1024)));

        var plan = await PlanAsync(archive, RatioOnly);

        Assert.Equal(100 * 1024, Assert.Single(plan.Files).Size);
    }

    [Fact]
    public async Task Tar_gz_of_50_MB_of_zeros_is_a_bomb_and_reading_stops_early()
    {
        var tar = Tar(writer => writer.WriteEntry(File("zeros.bin", new byte[50 * Megabyte])));
        using var compressed = Gzip(tar);
        using var archive = new ReadCountingStream(compressed);

        var rejected = await RejectedAsync(archive, RatioOnly);

        Assert.Equal(ArchiveProblem.Bomb, rejected.Problem);
        Assert.True(archive.BytesRead < compressed.Length / 2, $"read {archive.BytesRead} of {compressed.Length} compressed bytes");
    }

    [Fact]
    public async Task Gzip_bomb_in_data_the_tar_reader_skips_is_still_caught()
    {
        // node_modules is never imported, so its data is skipped, not read as content; it still has to be inflated.
        var tar = Tar(writer => writer.WriteEntry(File("node_modules/zeros.bin", new byte[50 * Megabyte])));
        using var archive = Gzip(tar);

        var rejected = await RejectedAsync(archive, RatioOnly);

        Assert.Equal(ArchiveProblem.Bomb, rejected.Problem);
    }

    [Fact]
    public async Task Tar_gz_expanding_beyond_the_total_limit_is_refused_while_reading()
    {
        var limits = new ArchiveLimits(100, 1024L * Megabyte, 4 * Megabyte, double.MaxValue, Megabyte);
        var tar = Tar(writer => writer.WriteEntry(File("node_modules/big.bin", new byte[50 * Megabyte])));
        using var compressed = Gzip(tar);
        using var archive = new ReadCountingStream(compressed);

        var rejected = await RejectedAsync(archive, limits);

        Assert.Equal(ArchiveProblem.TooLarge, rejected.Problem);
        Assert.True(archive.BytesRead < compressed.Length / 2, $"read {archive.BytesRead} of {compressed.Length} compressed bytes");
    }
}
