using System.Globalization;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Workspaces.Prompts;

/// <summary>
/// Fits a grounded chat turn into the model's context window. The budget is
/// <c>ContextWindow − ReservedForReply</c>, and every message costs its text's tokens plus
/// <see cref="MessageOverhead"/> (role and delimiters), so the per-message overhead is paid out of the budget.
/// <para>
/// Priority, highest first: the system message (instructions, then the workspace rules under a heading, rules cut
/// to a quarter of the budget) and the user's message (cut to a quarter of the budget) are always sent; then code
/// context takes at most half of what is left; then the conversation history, newest first, takes the rest.
/// </para>
/// <para>
/// Code context goes in its own system message right after the instructions rather than inside them: the
/// instructions and rules stay byte-identical from turn to turn (so providers' prompt-prefix caches keep hitting),
/// the context is counted as one exact unit, and it sits before the history so the conversation reads as a
/// continuation of it. Clients that accept a single system prompt (Anthropic) join the two.
/// </para>
/// </summary>
public sealed class PromptBuilder(TokenCounter tokens)
{
    /// <summary>Tokens charged per message for its role and delimiters (OpenAI's chat format uses 3–4).</summary>
    public const int MessageOverhead = 4;

    /// <summary>Below this the mandatory parts cannot be guaranteed to fit, so the request is refused.</summary>
    public const int MinimumBudget = 64;

    public const string RulesHeading = "## Workspace rules";

    public const string ContextHeading = "## Code context";

    private const string ContextPreamble =
        ContextHeading + "\nExcerpts from the workspace, most relevant first. Each is headed by path:start-end (1-based, inclusive lines).";

    private const string BlockSeparator = "\n\n";

    // Joining blocks can merge a token or two across the seam; estimate with this, then count the joined text.
    private const int SeparatorAllowance = 2;

    public static int BudgetOf(PromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContextWindow - request.ReservedForReply;
    }

    public static string OmittedNote(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"({count} earlier messages omitted)");

    public PromptPlan Build(PromptRequest request)
    {
        Validate(request);
        var budget = BudgetOf(request);
        var quarter = budget / 4;

        var user = tokens.Truncate(request.UserMessage, quarter);
        var userCost = Cost(user);

        var rules = string.IsNullOrWhiteSpace(request.Rules) ? null : tokens.Truncate(request.Rules.Trim(), quarter);
        var (system, systemCost) = FitSystem(request.SystemInstructions, rules, budget - userCost);

        var remaining = budget - systemCost - userCost;
        var (context, contextCost, included) = SelectContext(request.Snippets, remaining / 2);
        remaining -= contextCost;

        var (keptFrom, historyCosts, note, noteCost) = SelectHistory(request.History, remaining);

        var messages = new List<ChatMessage>(request.History.Count - keptFrom + 4) { new(ChatRole.System, system) };
        if (context is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, context));
        }

        if (note is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, note));
        }

        for (var i = keptFrom; i < request.History.Count; i++)
        {
            messages.Add(new ChatMessage(request.History[i].Role, request.History[i].Text));
        }

        messages.Add(new ChatMessage(ChatRole.User, user));

        var total = systemCost + contextCost + noteCost + historyCosts + userCost;
        if (total > budget)
        {
            // Every cost above is the count of the exact text sent, so this is a bug, not an input problem.
            throw new InvalidOperationException($"Prompt of {total} tokens exceeds its budget of {budget}.");
        }

        return new PromptPlan(messages, included, total, keptFrom);
    }

    private static void Validate(PromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.SystemInstructions, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Snippets, nameof(request));
        ArgumentNullException.ThrowIfNull(request.History, nameof(request));
        ArgumentNullException.ThrowIfNull(request.UserMessage, nameof(request));
        if (request.ReservedForReply < 0)
        {
            throw new ArgumentException("ReservedForReply must not be negative.", nameof(request));
        }

        if (BudgetOf(request) < MinimumBudget)
        {
            throw new ArgumentException(
                $"ContextWindow minus ReservedForReply must leave at least {MinimumBudget} tokens for the prompt.", nameof(request));
        }
    }

    private int Cost(string text) => tokens.Count(text) + MessageOverhead;

    private static string ComposeSystem(string instructions, string? rules) =>
        rules is null ? instructions : $"{instructions}\n\n{RulesHeading}\n{rules}";

    /// <summary>
    /// The system message, instructions cut only when they alone would push the mandatory parts past the budget
    /// (rules and the user message are already capped at a quarter each, so at least half is left for them).
    /// </summary>
    private (string Text, int Cost) FitSystem(string instructions, string? rules, int available)
    {
        var system = ComposeSystem(instructions, rules);
        var cost = Cost(system);
        while (cost > available)
        {
            if (instructions.Length == 0)
            {
                throw new InvalidOperationException("The workspace rules alone do not fit the prompt budget.");
            }

            instructions = tokens.Truncate(instructions, Math.Max(0, tokens.Count(instructions) - (cost - available)));
            system = ComposeSystem(instructions, rules);
            cost = Cost(system);
        }

        return (system, cost);
    }

    private (string? Text, int Cost, IReadOnlyList<RetrievedSnippet> Included) SelectContext(
        IReadOnlyList<RetrievedSnippet> snippets, int cap)
    {
        var preambleCost = Cost(ContextPreamble);
        if (snippets.Count == 0 || preambleCost >= cap)
        {
            return (null, 0, []);
        }

        var chosen = new List<(RetrievedSnippet Snippet, string Block)>();
        var used = preambleCost;
        foreach (var snippet in Rank(snippets))
        {
            // Every block costs more than the allowance; once that is all that is left, nothing else can fit.
            if (cap - used <= SeparatorAllowance)
            {
                break;
            }

            var block = Render(snippet);
            var cost = tokens.Count(block) + SeparatorAllowance;
            if (used + cost <= cap)
            {
                chosen.Add((snippet, block));
                used += cost;
            }
        }

        while (chosen.Count > 0)
        {
            var text = ContextPreamble + BlockSeparator + string.Join(BlockSeparator, chosen.Select(c => c.Block));
            var cost = Cost(text);
            if (cost <= cap)
            {
                return (text, cost, chosen.Select(c => c.Snippet).ToList());
            }

            chosen.RemoveAt(chosen.Count - 1);
        }

        return (null, 0, []);
    }

    /// <summary>
    /// Best first; a snippet overlapping a better-scored one from the same file is dropped (the better one already
    /// shows those lines, and merging would send lines retrieval did not ask for).
    /// </summary>
    internal static List<RetrievedSnippet> Rank(IReadOnlyList<RetrievedSnippet> snippets)
    {
        var kept = new List<RetrievedSnippet>();
        var ranges = new Dictionary<string, List<(int Start, int End)>>(StringComparer.Ordinal);
        var ordered = snippets
            .OrderByDescending(s => double.IsNaN(s.Score) ? double.NegativeInfinity : s.Score)
            .ThenBy(s => s.Path, StringComparer.Ordinal)
            .ThenBy(s => s.StartLine);
        foreach (var snippet in ordered)
        {
            var start = Math.Min(snippet.StartLine, snippet.EndLine);
            var end = Math.Max(snippet.StartLine, snippet.EndLine);
            if (!ranges.TryGetValue(snippet.Path, out var taken))
            {
                taken = [];
                ranges[snippet.Path] = taken;
            }

            if (taken.Exists(r => start <= r.End && r.Start <= end))
            {
                continue;
            }

            taken.Add((start, end));
            kept.Add(snippet);
        }

        return kept;
    }

    internal static string Render(RetrievedSnippet snippet)
    {
        var fence = new string('`', Math.Max(3, LongestBacktickRun(snippet.Text) + 1));
        var body = snippet.Text.TrimEnd('\r', '\n');
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{snippet.Path}:{snippet.StartLine}-{snippet.EndLine}\n{fence}\n{body}\n{fence}");
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>
    /// Keeps the newest messages that fit, contiguously (a gap inside the kept part would misrepresent the
    /// conversation). When any are dropped, a note saying how many is charged against the same space.
    /// </summary>
    private (int KeptFrom, int Cost, string? Note, int NoteCost) SelectHistory(IReadOnlyList<HistoryMessage> history, int available)
    {
        var costs = new int[history.Count];
        var used = 0;
        var keptFrom = history.Count;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var cost = Cost(history[i].Text);
            if (used + cost > available)
            {
                break;
            }

            costs[i] = cost;
            used += cost;
            keptFrom = i;
        }

        if (keptFrom == 0)
        {
            return (0, used, null, 0);
        }

        var note = OmittedNote(keptFrom);
        var noteCost = Cost(note);
        while (used + noteCost > available && keptFrom < history.Count)
        {
            used -= costs[keptFrom];
            keptFrom++;
            note = OmittedNote(keptFrom);
            noteCost = Cost(note);
        }

        // With no room even for the note (tiny windows), the count is still reported in the plan.
        return used + noteCost <= available ? (keptFrom, used, note, noteCost) : (keptFrom, used, null, 0);
    }
}
