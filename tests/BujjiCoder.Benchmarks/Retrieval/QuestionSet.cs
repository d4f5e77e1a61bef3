using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using BujjiCoder.Testing;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>One question, the files (relative to the corpus root) that answer it, and whether it avoids the code's words.</summary>
internal sealed record Question(string Id, string Text, IReadOnlyList<string> Answers, bool Paraphrased);

/// <summary>
/// Retrieval/questions.json (copied beside the harness) and the codebase it asks about: the files under <see cref="Root"/>
/// of the npm package that tests/tools' <c>npm ci</c> installed, chosen by <see cref="Include"/>. The unit tests
/// (RetrievalQuestionSetTests) keep the set honest; this only reads it.
/// </summary>
internal sealed record QuestionSet(string Package, string Version, string Root, IReadOnlyList<string> Include, IReadOnlyList<Question> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredQuestion(string Id, string Question, IReadOnlyList<string> Answers, bool Paraphrased);

    private sealed record Stored(string Package, string Version, string Root, IReadOnlyList<string> Include, IReadOnlyList<StoredQuestion> Questions);

    public static QuestionSet Load()
    {
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Retrieval", "questions.json")), Json)
            ?? throw new InvalidDataException("questions.json is empty.");
        return new QuestionSet(stored.Package, stored.Version, stored.Root, stored.Include,
            [.. stored.Questions.Select(q => new Question(q.Id, q.Question, q.Answers, q.Paraphrased))]);
    }

    /// <summary>The corpus root on disk; a missing package is a clear error, since the benchmark has nothing to ask about.</summary>
    public string CorpusDirectory()
    {
        var package = Path.Combine(SolutionPaths.Root, "tests", "tools", "node_modules", Package);
        return File.Exists(Path.Combine(package, "package.json"))
            ? Path.Combine(package, Root)
            : throw new InvalidOperationException($"The npm package '{Package}' is not installed at {package}: run `cd tests/tools && npm ci` first.");
    }

    /// <summary>
    /// The corpus as a .tar.gz whose paths are relative to <see cref="Root"/>, so a workspace path is spelled as the answers
    /// spell it; and those paths.
    /// </summary>
    public (byte[] Archive, IReadOnlyList<string> Paths) Pack()
    {
        var root = CorpusDirectory();
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(Include);
        var paths = matcher.GetResultsInFullPath(root).Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var path in paths)
            {
                tar.WriteEntry(Path.Combine(root, path), path);
            }
        }

        return (buffer.ToArray(), paths);
    }
}
