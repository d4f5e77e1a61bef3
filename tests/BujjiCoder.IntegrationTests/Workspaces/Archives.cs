using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>Archives built in memory for import tests, including the hostile kinds.</summary>
internal static class Archives
{
    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        Zip([.. entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Text)))]);

    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A zip holding one entry of <paramref name="bytes"/> zeros: kilobytes on the wire, megabytes unpacked.</summary>
    public static byte[] ZipBomb(long bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("zeros.txt", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += block.Length)
            {
                stream.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
            }
        }

        return buffer.ToArray();
    }

    public static byte[] TarGz(params TarEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry TarFile(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };

    public static PaxTarEntry TarLink(string name, string target, TarEntryType type = TarEntryType.SymbolicLink) =>
        new(type, name) { LinkName = target };
}
