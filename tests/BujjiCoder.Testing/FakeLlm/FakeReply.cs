using System.Text.RegularExpressions;

namespace BujjiCoder.Testing.FakeLlm;

/// <summary>What the fake provider does with one call.</summary>
/// <param name="Status">Anything but 200 answers with the provider's error JSON instead of text.</param>
/// <param name="RetryAfter">Sent as <c>Retry-After</c> (whole seconds, rounded up) with error replies.</param>
/// <param name="FirstTokenDelay">Before the first chunk (streaming) or the whole body (non-streaming); headers go out at once.</param>
/// <param name="TokenDelay">Between chunks.</param>
/// <param name="ChunkCount">How many content chunks a stream carries; the text is split at word boundaries.</param>
/// <param name="InputTokens">Reported prompt tokens; null counts the words of the request's messages.</param>
/// <param name="OutputTokens">Reported completion tokens; null counts the words of <paramref name="Text"/>.</param>
/// <param name="FailAfterFirstChunk">Drops the connection once the first chunk is out.</param>
public sealed partial record FakeReply(
    string Text = "Hello from the fake model.",
    int Status = 200,
    TimeSpan? RetryAfter = null,
    TimeSpan FirstTokenDelay = default,
    TimeSpan TokenDelay = default,
    int ChunkCount = 3,
    int? InputTokens = null,
    int? OutputTokens = null,
    bool FailAfterFirstChunk = false)
{
    /// <summary>The pieces a stream of this reply carries, in order; joined they are <see cref="Text"/>.</summary>
    public IReadOnlyList<string> Chunks()
    {
        var words = Words().Matches(Text).Select(match => match.Value).ToList();
        if (words.Count == 0)
        {
            return [Text];
        }

        var count = Math.Clamp(ChunkCount, 1, words.Count);
        var chunks = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var from = i * words.Count / count;
            var to = (i + 1) * words.Count / count;
            chunks.Add(string.Concat(words.Skip(from).Take(to - from)));
        }

        return chunks;
    }

    /// <summary>The fake's token count: words.</summary>
    public static int CountWords(string text) => Words().Count(text);

    // A word with the whitespace around it, so that joining the pieces gives back the text exactly.
    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex Words();
}
