using Microsoft.ML.Tokenizers;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>
/// Counts and cuts text in o200k_base tokens (the GPT-4o family's encoding), the measure the prompt builder
/// budgets in. Building the tokenizer loads a large vocabulary, so there is one instance per process (register
/// it as a singleton); the tokenizer keeps no per-call state beyond its internally synchronised cache, so
/// concurrent calls are safe. Other providers' tokenizers differ a little, which the reply reserve absorbs.
/// </summary>
public sealed class TokenCounter
{
    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : _tokenizer.CountTokens(text);
    }

    /// <summary>
    /// The longest prefix of <paramref name="text"/> that ends on a token boundary and counts at most
    /// <paramref name="maxTokens"/> tokens when counted on its own. Nothing (no ellipsis) is appended.
    /// </summary>
    public string Truncate(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        if (maxTokens == 0 || text.Length == 0)
        {
            return "";
        }

        var limit = maxTokens;
        while (limit > 0)
        {
            var index = _tokenizer.GetIndexByTokenCount(text, limit, out _, out _);
            var prefix = text[..index];
            if (prefix.Length > 0 && char.IsHighSurrogate(prefix[^1]))
            {
                prefix = prefix[..^1];
            }

            // Re-encoding a prefix on its own can, rarely, merge differently from the same bytes inside the
            // whole text; the limit is a promise about the prefix as it will be counted later, so check it.
            var count = Count(prefix);
            if (count <= maxTokens)
            {
                return prefix;
            }

            limit -= count - maxTokens;
        }

        return "";
    }
}
