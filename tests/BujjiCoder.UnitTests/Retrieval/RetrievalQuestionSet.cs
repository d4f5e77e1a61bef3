using System.Text.Json;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BujjiCoder.UnitTests.Retrieval;

/// <summary>
/// The retrieval benchmark's question set (tests/BujjiCoder.Benchmarks/Retrieval/questions.json, linked into this
/// project's output) and the npm package whose source it asks about, as tests/tools' npm install left it.
/// </summary>
internal sealed record RetrievalQuestionSet(string Package, string Version, string Root, IReadOnlyList<string> Include, IReadOnlyList<RetrievalQuestion> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RetrievalQuestionSet Load() =>
        JsonSerializer.Deserialize<RetrievalQuestionSet>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Retrieval", "questions.json")), Json)
        ?? throw new InvalidDataException("questions.json is empty.");

    /// <summary>
    /// The installed package's folder. Missing means the npm step never ran, and that must fail rather than skip:
    /// a skipped check would let a question whose answer file does not exist into the benchmark.
    /// </summary>
    public string PackageDirectory()
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "tools", "node_modules", Package);
        Assert.True(
            File.Exists(Path.Combine(directory, "package.json")),
            $"The npm package '{Package}' is not installed at {directory}: run ./test.sh's npm step for tests/tools (cd tests/tools && npm ci).");
        return directory;
    }

    /// <summary>The corpus: the files under <see cref="Root"/> that <see cref="Include"/> selects, as '/'-separated paths relative to it.</summary>
    public IReadOnlySet<string> CorpusFiles()
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(Include);
        return matcher.GetResultsInFullPath(Path.Combine(PackageDirectory(), Root))
            .Select(path => Path.GetRelativePath(Path.Combine(PackageDirectory(), Root), path).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
    }

    public bool IsAnswerFile(string relativePath) => File.Exists(Path.Combine(PackageDirectory(), Root, relativePath));

    public string ReadAnswer(string relativePath) => File.ReadAllText(Path.Combine(PackageDirectory(), Root, relativePath));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BujjiCoder.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BujjiCoder.sln not found above the test output directory.");
    }
}

/// <summary>One question, the files (relative to the corpus root) that answer it, and whether it avoids the code's words.</summary>
internal sealed record RetrievalQuestion(string Id, string Question, IReadOnlyList<string> Answers, bool Paraphrased);
