using System.IO.Compression;
using System.Text;

namespace BujjiCoder.EndToEndTests.Support;

/// <summary>Zip archives of made-up projects, built in memory.</summary>
internal static class Archives
{
    public static byte[] Zip(IEnumerable<(string Path, string Text)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Text that barely compresses (hex of random bytes), to give an archive weight.</summary>
    public static string Filler(int bytes)
    {
        var text = new StringBuilder(bytes + 100);
        while (text.Length < bytes)
        {
            text.Append("// ").Append(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).Append('\n');
        }

        return text.ToString();
    }
}
