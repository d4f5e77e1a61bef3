using System.Text.Json;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Retrieval;

/// <summary>
/// Keeps the retrieval benchmark's question set honest: enough questions, half of them in other words than the
/// code's (the case semantic retrieval exists for), and every answer a real file of the corpus, so recall@5 and MRR
/// measure retrieval and not typos in the data.
/// </summary>
public sealed class RetrievalQuestionSetTests
{
    private static readonly RetrievalQuestionSet Set = RetrievalQuestionSet.Load();

    [Fact]
    public void The_set_has_at_least_sixty_distinct_questions_with_unique_ids()
    {
        Assert.True(Set.Questions.Count >= 60, $"{Set.Questions.Count} questions; the benchmark needs at least 60.");
        Assert.Empty(Set.Questions.GroupBy(q => q.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(Set.Questions.GroupBy(q => q.Question.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(Set.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Question), q.Id));
    }

    [Fact]
    public void At_least_half_of_the_questions_are_phrased_without_the_codes_words()
    {
        var paraphrased = Set.Questions.Count(q => q.Paraphrased);
        Assert.True(2 * paraphrased >= Set.Questions.Count, $"{paraphrased} of {Set.Questions.Count} questions are paraphrased; at least half must be.");
    }

    [Fact]
    public void The_installed_package_is_the_version_the_questions_were_written_for()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Set.PackageDirectory(), "package.json")));

        Assert.Equal(Set.Version, manifest.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void Every_question_is_answered_by_one_to_three_files_of_the_corpus()
    {
        var corpus = Set.CorpusFiles();

        // A corpus of a handful of files would make recall@5 meaningless; one of thousands would make the benchmark slow.
        Assert.InRange(corpus.Count, 60, 300);
        var wrong = Set.Questions
            .SelectMany(q => q.Answers.Count is < 1 or > 3 || q.Answers.Distinct().Count() != q.Answers.Count
                ? [$"{q.Id}: {q.Answers.Count} answers, 1 to 3 distinct ones needed"]
                : q.Answers.Where(a => !corpus.Contains(a)).Select(a => $"{q.Id}: {a} is not a file of the corpus"))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void No_paraphrased_question_uses_a_word_of_its_answers_paths_or_definitions()
    {
        var wordsOfFile = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var leaks = new List<string>();
        foreach (var question in Set.Questions.Where(q => q.Paraphrased))
        {
            // An answer that is not a file has no words; the corpus test reports it.
            var forbidden = question.Answers
                .Where(Set.IsAnswerFile)
                .SelectMany(answer => wordsOfFile.TryGetValue(answer, out var words) ? words : wordsOfFile[answer] = WordsOfFile(answer))
                .ToHashSet(StringComparer.Ordinal);
            var used = CodeWords.Of(question.Question).Where(forbidden.Contains).Distinct().ToList();
            if (used.Count > 0)
            {
                leaks.Add($"{question.Id} \"{question.Question}\" uses {string.Join(", ", used)}");
            }
        }

        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void The_word_check_sees_the_definitions_in_the_answer_files_not_only_their_paths()
    {
        // Were the symbol scanner to find nothing in JavaScript, the check above would quietly compare paths alone.
        var words = WordsOfFile("migrations/migrate/Migrator.js");

        Assert.Contains("rollback", words);
        Assert.Contains("latest", words);
    }

    /// <summary>The words of an answer's path and of the names of the definitions in it: what text search could match it by.</summary>
    private static HashSet<string> WordsOfFile(string relativePath) =>
        CodeWords.Of(relativePath)
            .Concat(SymbolExtractor.Extract("javascript", Set.ReadAnswer(relativePath)).SelectMany(symbol => CodeWords.Of(symbol.Name)))
            .ToHashSet(StringComparer.Ordinal);
}
