using Microsoft.ML.Tokenizers;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.UnitTests.Chat;

public sealed class PromptTokenCounterTests
{
    private static readonly TokenCounter Tokens = new();

    public static TheoryData<string> Samples =>
    [
        "",
        "Hello, world!",
        "public static async Task<int> CountAsync(CancellationToken ct) => await _db.Items.CountAsync(ct);",
        "    \n\n\t  indented\r\n\r\n   trailing   ",
        "naïve café — 東京タワー 🚀👩‍💻 Ünïcødé",
        string.Concat(Enumerable.Repeat("if (x == null) { return; }\n", 40)),
    ];

    [Fact]
    public void Counts_a_known_string() =>
        // "Hello" "," " world" "!" in o200k_base.
        Assert.Equal(4, Tokens.Count("Hello, world!"));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Counts_exactly_as_the_gpt_4o_tokenizer_does(string text)
    {
        var reference = TiktokenTokenizer.CreateForModel("gpt-4o");

        Assert.Equal(reference.CountTokens(text), Tokens.Count(text));
        Assert.Equal(reference.EncodeToIds(text).Count, Tokens.Count(text));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Truncate_never_exceeds_the_limit_and_cuts_a_prefix(string text)
    {
        var total = Tokens.Count(text);
        for (var limit = 0; limit <= total + 2; limit++)
        {
            var cut = Tokens.Truncate(text, limit);

            Assert.True(Tokens.Count(cut) <= limit, $"{Tokens.Count(cut)} tokens for a limit of {limit}");
            Assert.StartsWith(cut, text, StringComparison.Ordinal);
            Assert.False(cut.Length > 0 && char.IsHighSurrogate(cut[^1]), "cut inside a surrogate pair");
            if (limit >= total)
            {
                Assert.Equal(text, cut);
            }
        }
    }

    [Fact]
    public void Truncate_keeps_as_many_tokens_as_allowed()
    {
        var text = string.Join(' ', Enumerable.Range(0, 500).Select(i => $"word{i}"));

        var cut = Tokens.Truncate(text, 100);

        Assert.InRange(Tokens.Count(cut), 95, 100);
    }

    [Fact]
    public void Truncate_rejects_a_negative_limit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokens.Truncate("text", -1));

    [Fact]
    public void Is_safe_to_share_between_threads()
    {
        var texts = Enumerable.Range(0, 64).Select(i => $"line {i}: var value{i} = Compute({i} * {i});").ToArray();
        var separate = new TokenCounter();
        var expected = texts.Select(separate.Count).ToArray();
        var actual = new int[texts.Length];

        Parallel.For(0, texts.Length * 20, i => actual[i % texts.Length] = Tokens.Count(texts[i % texts.Length]));

        Assert.Equal(expected, actual);
    }
}
