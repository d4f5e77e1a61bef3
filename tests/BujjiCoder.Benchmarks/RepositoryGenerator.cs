using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// A synthetic codebase for the workspace benchmark: files in seven languages with classes, functions and
/// comments, deterministic for a seed, packed as a .tar.gz. Names are drawn from a vocabulary so text
/// queries match a realistic share of files.
/// </summary>
internal static class RepositoryGenerator
{
    public static readonly string[] Words =
    [
        "order", "invoice", "customer", "payment", "cart", "ledger", "shipment", "account", "token", "session", "report", "budget",
        "cache", "queue", "worker", "schedule", "policy", "audit", "profile", "catalog", "price", "discount", "refund", "tax",
    ];

    private static readonly string[] Extensions = [".cs", ".ts", ".py", ".go", ".java", ".rs", ".md"];

    public static (byte[] Archive, long RawBytes, List<string> Paths) Generate(int files, long targetBytes, int seed = 7)
    {
        var random = new Random(seed);
        var perFile = (int)(targetBytes / files);
        var paths = new List<string>(files);
        long raw = 0;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (var i = 0; i < files; i++)
            {
                var extension = Extensions[i % Extensions.Length];
                var path = $"src/{Words[i % Words.Length]}/{Words[(i / Words.Length) % Words.Length]}/{Name(random)}{i}{extension}";
                var content = Encoding.UTF8.GetBytes($"{(extension == ".py" ? "#" : extension == ".md" ? "" : "//")} {Marker(i)}\n" + Source(extension, random, perFile));
                raw += content.Length;
                paths.Add(path);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
            }
        }

        return (buffer.ToArray(), raw, paths);
    }

    /// <summary>Three words: 13,824 names, so a given class or method name occurs in a handful of files.</summary>
    public static string Name(Random random) =>
        Pascal(Words[random.Next(Words.Length)]) + Pascal(Words[random.Next(Words.Length)]) + Pascal(Words[random.Next(Words.Length)]);

    /// <summary>A token that only file <paramref name="index"/> holds, on its first line.</summary>
    public static string Marker(int index) => $"marker{index:D5}";

    private static string Pascal(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Source(string extension, Random random, int size)
    {
        var text = new StringBuilder(size + 256);
        while (text.Length < size)
        {
            var type = Name(random) + "Service";
            var method = "Handle" + Name(random);
            var a = Words[random.Next(Words.Length)];
            var b = Words[random.Next(Words.Length)];
            text.Append(extension switch
            {
                ".cs" => $"public sealed class {type}\n{{\n    // computes the {a} for each {b}\n    public int {method}(int {a}) => {a} * {random.Next(100)};\n}}\n\n",
                ".ts" => $"export class {type} {{\n  // computes the {a} for each {b}\n  {method}({a}: number): number {{\n    return {a} * {random.Next(100)};\n  }}\n}}\n\n",
                ".py" => $"class {type}:\n    # computes the {a} for each {b}\n    def {method}(self, {a}):\n        return {a} * {random.Next(100)}\n\n",
                ".go" => $"type {type} struct{{}}\n\n// computes the {a} for each {b}\nfunc (s *{type}) {method}({a} int) int {{\n\treturn {a} * {random.Next(100)}\n}}\n\n",
                ".java" => $"public class {type} {{\n    // computes the {a} for each {b}\n    public int {method}(int {a}) {{\n        return {a} * {random.Next(100)};\n    }}\n}}\n\n",
                ".rs" => $"pub struct {type};\n\nimpl {type} {{\n    // computes the {a} for each {b}\n    pub fn {method}(&self, {a}: i32) -> i32 {{\n        {a} * {random.Next(100)}\n    }}\n}}\n\n",
                _ => $"## {type}\n\nThe {a} of every {b} is computed by `{method}`.\n\n",
            });
        }

        return text.ToString();
    }
}
