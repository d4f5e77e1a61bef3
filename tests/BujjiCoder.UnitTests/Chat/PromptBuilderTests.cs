using Microsoft.Extensions.AI;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.UnitTests.Chat;

public sealed class PromptBuilderTests
{
    private const string Instructions = "You are Bujji Coder, a careful coding assistant. Answer from the code context when you can.";

    private static readonly TokenCounter Tokens = new();
    private static readonly PromptBuilder Builder = new(Tokens);

    [Fact]
    public void Sends_everything_in_order_when_it_all_fits()
    {
        RetrievedSnippet low = new("src/B.cs", 1, 3, "class B { }", 0.4);
        RetrievedSnippet high = new("src/A.cs", 10, 12, "class A\n{\n}", 0.9);
        HistoryMessage[] history =
        [
            new(ChatRole.User, "What does A do?"),
            new(ChatRole.Assistant, "A is empty."),
            new(ChatRole.User, "And B?"),
            new(ChatRole.Assistant, "Also empty."),
        ];
        var request = new PromptRequest(Instructions, "Use tabs.", [low, high], history, "Make A non-empty.", 8_192, 1_024);

        var plan = Builder.Build(request);

        Assert.Collection(
            plan.Messages,
            m => AssertMessage(ChatRole.System, $"{Instructions}\n\n{PromptBuilder.RulesHeading}\nUse tabs.", m),
            m =>
            {
                Assert.Equal(ChatRole.System, m.Role);
                Assert.StartsWith(PromptBuilder.ContextHeading, m.Text, StringComparison.Ordinal);
                var a = m.Text.IndexOf("src/A.cs:10-12\n```\nclass A\n{\n}\n```", StringComparison.Ordinal);
                var b = m.Text.IndexOf("src/B.cs:1-3\n```\nclass B { }\n```", StringComparison.Ordinal);
                Assert.True(a > 0 && b > a, "both snippets, best first");
            },
            m => AssertMessage(ChatRole.User, "What does A do?", m),
            m => AssertMessage(ChatRole.Assistant, "A is empty.", m),
            m => AssertMessage(ChatRole.User, "And B?", m),
            m => AssertMessage(ChatRole.Assistant, "Also empty.", m),
            m => AssertMessage(ChatRole.User, "Make A non-empty.", m));
        Assert.Equal([high, low], plan.IncludedSnippets);
        Assert.Equal(0, plan.OmittedHistoryMessages);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void Huge_workspace_and_long_history_fit_an_8k_window()
    {
        var snippets = Enumerable.Range(0, 500)
            .Select(i => new RetrievedSnippet($"src/File{i}.cs", 1, 400, CodeOfAbout(2_000, i), Score: (i * 37 % 500) / 500.0))
            .ToList();
        var history = Enumerable.Range(0, 300)
            .Select(i => new HistoryMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"Message {i}: " + Words(60, i)))
            .ToList();
        var request = new PromptRequest(Instructions, Words(3_000, 7), snippets, history, "Why does the build fail?", 8_192, 1_024);

        var plan = Builder.Build(request);

        AssertWithinBudget(request, plan);
        AssertMessage(ChatRole.User, "Why does the build fail?", plan.Messages[^1]);
        Assert.Equal(ChatRole.System, plan.Messages[0].Role);
        Assert.True(plan.OmittedHistoryMessages is > 0 and < 300, $"omitted {plan.OmittedHistoryMessages}");

        var kept = plan.Messages.Select(m => m.Text).Where(t => t.StartsWith("Message ", StringComparison.Ordinal)).ToList();
        Assert.Equal(history.Skip(plan.OmittedHistoryMessages).Select(h => h.Text), kept);
        Assert.Equal(history[^1].Text, plan.Messages[^2].Text);

        var noteIndex = plan.Messages.ToList().FindIndex(m => m.Text == PromptBuilder.OmittedNote(plan.OmittedHistoryMessages));
        Assert.True(noteIndex > 0, "the omitted-messages note is present with the right count");
        Assert.Equal(kept[0], plan.Messages[noteIndex + 1].Text);

        Assert.NotEmpty(plan.IncludedSnippets);
        Assert.Equal(0.998, plan.IncludedSnippets[0].Score);
    }

    [Fact]
    public void Overlapping_snippets_of_one_file_keep_the_higher_scored()
    {
        RetrievedSnippet weak = new("src/A.cs", 10, 30, "weak", 0.5);
        RetrievedSnippet strong = new("src/A.cs", 20, 40, "strong", 0.9);
        RetrievedSnippet duplicate = new("src/A.cs", 20, 40, "strong", 0.9);
        RetrievedSnippet inside = new("src/A.cs", 25, 26, "inside", 0.2);
        RetrievedSnippet adjacent = new("src/A.cs", 41, 50, "adjacent", 0.3);
        RetrievedSnippet otherFile = new("src/B.cs", 10, 30, "other file", 0.4);
        var request = Request([weak, strong, duplicate, inside, adjacent, otherFile], [], 8_192);

        var plan = Builder.Build(request);

        Assert.Equal([strong, otherFile, adjacent], plan.IncludedSnippets);
        var context = plan.Messages[1].Text;
        Assert.DoesNotContain("weak", context, StringComparison.Ordinal);
        Assert.DoesNotContain("inside", context, StringComparison.Ordinal);
        Assert.Single(AllIndexes(context, "src/A.cs:20-40"));
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void Ranking_keeps_the_best_snippets_when_not_all_fit()
    {
        var random = new Random(42);
        var snippets = Enumerable.Range(0, 40)
            .Select(i => new RetrievedSnippet($"src/F{i}.cs", 1, 50, CodeOfAbout(300, i), random.NextDouble()))
            .ToList();
        var request = Request(snippets, [], 4_096);

        var plan = Builder.Build(request);

        Assert.InRange(plan.IncludedSnippets.Count, 1, 39);
        Assert.Equal(snippets.OrderByDescending(s => s.Score).Take(plan.IncludedSnippets.Count), plan.IncludedSnippets);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void A_snippet_too_big_to_fit_is_skipped_and_smaller_later_ones_still_go_in()
    {
        RetrievedSnippet huge = new("src/Huge.cs", 1, 5_000, CodeOfAbout(6_000, 1), 0.95);
        RetrievedSnippet small = new("src/Small.cs", 1, 5, "int Small() => 1;", 0.2);
        var request = Request([huge, small], [], 8_192);

        var plan = Builder.Build(request);

        Assert.Equal([small], plan.IncludedSnippets);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void Code_context_takes_at_most_half_of_what_the_mandatory_parts_leave()
    {
        var snippets = Enumerable.Range(0, 100)
            .Select(i => new RetrievedSnippet($"src/F{i}.cs", 1, 50, CodeOfAbout(200, i), 1.0 - (i / 100.0)))
            .ToList();
        var request = Request(snippets, [], 8_192);

        var plan = Builder.Build(request);

        var mandatory = Cost(plan.Messages[0].Text) + Cost(plan.Messages[^1].Text);
        var remaining = PromptBuilder.BudgetOf(request) - mandatory;
        Assert.InRange(Cost(plan.Messages[1].Text), remaining / 2 - 300, remaining / 2);
    }

    [Fact]
    public void Rules_are_cut_to_a_quarter_of_the_budget()
    {
        var rules = Words(10_000, 3);
        var request = new PromptRequest(Instructions, rules, [], [], "Hi", 8_192, 2_048);
        var quarter = PromptBuilder.BudgetOf(request) / 4;

        var plan = Builder.Build(request);

        var system = plan.Messages[0].Text;
        var sentRules = system[(system.IndexOf(PromptBuilder.RulesHeading, StringComparison.Ordinal) + PromptBuilder.RulesHeading.Length + 1)..];
        Assert.StartsWith(sentRules, rules, StringComparison.Ordinal);
        Assert.InRange(Tokens.Count(sentRules), quarter - 5, quarter);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void Tiny_window_still_sends_system_and_a_truncated_user_message()
    {
        var userMessage = Words(5_000, 9);
        var history = Enumerable.Range(0, 20).Select(i => new HistoryMessage(ChatRole.User, Words(100, i))).ToList();
        var snippets = Enumerable.Range(0, 10).Select(i => new RetrievedSnippet($"f{i}.cs", 1, 9, CodeOfAbout(400, i), i)).ToList();
        var request = new PromptRequest(Instructions, Words(2_000, 5), snippets, history, userMessage, 512, 128);

        var plan = Builder.Build(request);

        Assert.Equal(ChatRole.System, plan.Messages[0].Role);
        Assert.StartsWith(Instructions, plan.Messages[0].Text, StringComparison.Ordinal);
        var user = plan.Messages[^1];
        Assert.Equal(ChatRole.User, user.Role);
        Assert.StartsWith(user.Text, userMessage, StringComparison.Ordinal);
        Assert.InRange(Tokens.Count(user.Text), 1, PromptBuilder.BudgetOf(request) / 4);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void Instructions_longer_than_the_budget_are_cut_rather_than_overflowing()
    {
        var request = new PromptRequest(Words(3_000, 1), null, [], [], "Hi", 1_024, 256);

        var plan = Builder.Build(request);

        AssertMessage(ChatRole.User, "Hi", plan.Messages[^1]);
        AssertWithinBudget(request, plan);
    }

    [Fact]
    public void A_window_smaller_than_the_reply_reserve_is_refused() =>
        Assert.Throws<ArgumentException>(() => Builder.Build(new PromptRequest(Instructions, null, [], [], "Hi", 1_000, 1_000)));

    [Fact]
    public void Fences_are_longer_than_any_backtick_run_in_the_snippet()
    {
        var block = PromptBuilder.Render(new RetrievedSnippet("README.md", 3, 7, "```cs\nvar x = 1;\n```\n", 1));

        Assert.Equal("README.md:3-7\n````\n```cs\nvar x = 1;\n```\n````", block);
    }

    private static PromptRequest Request(IReadOnlyList<RetrievedSnippet> snippets, IReadOnlyList<HistoryMessage> history, int window) =>
        new(Instructions, null, snippets, history, "Explain this.", window, 1_024);

    private static int Cost(string? text) => Tokens.Count(text ?? "") + PromptBuilder.MessageOverhead;

    /// <summary>Recounts what is actually sent, independently of the builder's bookkeeping.</summary>
    private static void AssertWithinBudget(PromptRequest request, PromptPlan plan)
    {
        var counted = plan.Messages.Sum(m => Cost(m.Text));
        Assert.Equal(counted, plan.PromptTokens);
        Assert.True(plan.PromptTokens <= PromptBuilder.BudgetOf(request), $"{plan.PromptTokens} > {PromptBuilder.BudgetOf(request)}");
    }

    private static void AssertMessage(ChatRole role, string text, ChatMessage message)
    {
        Assert.Equal(role, message.Role);
        Assert.Equal(text, message.Text);
    }

    private static string Words(int tokens, int seed)
    {
        var text = string.Join(' ', Enumerable.Range(0, tokens + 10).Select(i => $"w{(i * 31 + seed) % 997}"));
        return Tokens.Truncate(text, tokens);
    }

    private static string CodeOfAbout(int tokens, int seed)
    {
        var lines = Enumerable.Range(0, tokens).Select(i => $"    var value{seed}_{i} = Compute({i}, \"{seed}\");");
        return Tokens.Truncate(string.Join('\n', lines), tokens);
    }

    private static List<int> AllIndexes(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }
}
