using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.UnitTests.Import;

/// <summary>Builds archives in memory and runs both import passes over them.</summary>
internal static class TestArchives
{
    public static ArchiveLimits Limits { get; } = ArchiveLimits.Default;

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static MemoryStream Zip(params (string Name, string Content)[] files) =>
        Zip(zip =>
        {
            foreach (var (name, content) in files)
            {
                Write(zip.CreateEntry(name), Text(content));
            }
        });

    public static MemoryStream Zip(Action<ZipArchive> build)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            build(zip);
        }

        stream.Position = 0;
        return stream;
    }

    public static void Write(ZipArchiveEntry entry, byte[] content)
    {
        using var data = entry.Open();
        data.Write(content);
    }

    public static MemoryStream TarGz(params (string Name, string Content)[] files) =>
        TarGz(tar =>
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(File(name, Text(content)));
            }
        });

    public static MemoryStream TarGz(Action<TarWriter> build) => Gzip(Tar(build));

    public static byte[] Tar(Action<TarWriter> build)
    {
        using var tarStream = new MemoryStream();
        using (var tar = new TarWriter(tarStream, TarEntryFormat.Pax, leaveOpen: true))
        {
            build(tar);
        }

        return tarStream.ToArray();
    }

    public static MemoryStream Gzip(byte[] content)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        stream.Position = 0;
        return stream;
    }

    public static PaxTarEntry File(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static Task<ArchivePlan> PlanAsync(Stream archive, ArchiveLimits? limits = null, ArchiveImportOptions? options = null, IProgress<long>? progress = null) =>
        new ArchiveImporter(limits ?? Limits).PlanAsync(archive, options ?? new ArchiveImportOptions(), progress, TestContext.Current.CancellationToken);

    public static async Task<ArchiveRejectedException> RejectedAsync(Stream archive, ArchiveLimits? limits = null, IProgress<long>? progress = null) =>
        await Assert.ThrowsAsync<ArchiveRejectedException>(() => PlanAsync(archive, limits, progress: progress));

    /// <summary>Both passes, as the import job runs them; returns the plan and the files by path.</summary>
    public static async Task<(ArchivePlan Plan, Dictionary<string, byte[]> Files)> ImportAsync(
        Stream archive,
        ArchiveLimits? limits = null,
        ArchiveImportOptions? options = null)
    {
        var importer = new ArchiveImporter(limits ?? Limits);
        var plan = await importer.PlanAsync(archive, options ?? new ArchiveImportOptions(), null, TestContext.Current.CancellationToken);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var file in importer.ReadAsync(archive, plan, TestContext.Current.CancellationToken))
        {
            Assert.True(files.TryAdd(file.Path, file.Content), $"{file.Path} was yielded twice");
        }

        return (plan, files);
    }

    public static async Task<IReadOnlyList<string>> PlannedPathsAsync(Stream archive, ArchiveImportOptions? options = null) =>
        [.. (await PlanAsync(archive, options: options)).Files.Select(file => file.Path)];
}

/// <summary>
/// Counts what is read from a stream, to show how far a reader got before it stopped; only bytes before
/// <paramref name="countBelow"/> count, so reads of a zip's directory at the end can be left out.
/// </summary>
internal sealed class ReadCountingStream(Stream inner, long countBelow = long.MaxValue) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Position, inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Position, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(inner.Position, await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(long from, int read)
    {
        BytesRead += Math.Max(0, Math.Min(from + read, countBelow) - from);
        return read;
    }
}
