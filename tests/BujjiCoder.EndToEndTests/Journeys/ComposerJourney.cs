using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class ComposerJourney(EndToEndApp app) : JourneyTest(app)
{
    private const string Greet = "export function greet(name: string): string {\n  return 'Hello, ' + name\n}\n";
    private const string Main = "import { greet } from './greet'\n\nconsole.log(greet('Bujji'))\n";

    // What the model proposes: a rename across two files, as a unified diff in a fenced block.
    private static readonly string Proposal = string.Join('\n',
        "I renamed `greet` to `welcome` and updated its caller.",
        "",
        "```diff",
        "diff --git a/src/greet.ts b/src/greet.ts",
        "--- a/src/greet.ts",
        "+++ b/src/greet.ts",
        "@@ -1,3 +1,3 @@",
        "-export function greet(name: string): string {",
        "+export function welcome(name: string): string {",
        "   return 'Hello, ' + name",
        " }",
        "diff --git a/src/main.ts b/src/main.ts",
        "--- a/src/main.ts",
        "+++ b/src/main.ts",
        "@@ -1,3 +1,3 @@",
        "-import { greet } from './greet'",
        "+import { welcome } from './greet'",
        " ",
        "-console.log(greet('Bujji'))",
        "+console.log(welcome('Bujji'))",
        "```",
        "");

    [Fact]
    public async Task A_user_asks_the_composer_for_a_change_reviews_the_diff_applies_it_and_reverts_it_from_history()
    {
        var user = TestUser.Create("composer");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("greeter");
        await api.WriteFileAsync(ws, "src/greet.ts", Greet);
        await api.WriteFileAsync(ws, "src/main.ts", Main);

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/composer");
        await Page.GetByLabel("Instruction").FillAsync("Rename greet to welcome and update every caller");
        var files = Page.GetByRole(AriaRole.Combobox, new() { Name = "Files" });
        await files.ClickAsync();
        await files.FillAsync("greet");
        await Page.GetByRole(AriaRole.Option, new() { Name = "src/greet.ts" }).ClickAsync();
        await Page.Keyboard.PressAsync("Escape");
        await Journey.ScreenAsync("instruction");

        App.Llm.Enqueue(new FakeReply(Proposal));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Propose change" }).ClickAsync();
        var proposal = Page.GetByRole(AriaRole.Region, new() { Name = "Proposal" });
        await Expect(proposal.GetByText("Every file applies to the workspace as it is now.")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(proposal.GetByRole(AriaRole.Region, new() { Name = "src/greet.ts" })).ToContainTextAsync("welcome");
        await Expect(proposal.GetByRole(AriaRole.Region, new() { Name = "src/main.ts" })).ToContainTextAsync("welcome('Bujji')");
        // The model was given the chosen file whole.
        Assert.Contains(App.Llm.Calls[^1].Messages, m => m.Text.Contains("export function greet", StringComparison.Ordinal));
        await Journey.ScreenAsync("proposal-unified");

        await proposal.GetByRole(AriaRole.Radiogroup, new() { Name = "Diff layout" }).GetByText("Split").ClickAsync();
        await Journey.ScreenAsync("proposal-split");
        Assert.Equal(Greet, await api.ReadFileAsync(ws, "src/greet.ts"));

        await proposal.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var applied = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Applied" });
        await Expect(applied).ToContainTextAsync("2 files changed in one revision.");
        Assert.Contains("function welcome", await api.ReadFileAsync(ws, "src/greet.ts"), StringComparison.Ordinal);
        Assert.Contains("welcome('Bujji')", await api.ReadFileAsync(ws, "src/main.ts"), StringComparison.Ordinal);
        await Journey.ScreenAsync("applied");

        await applied.GetByRole(AriaRole.Link, new() { Name = "See it in History" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(HistoryOfRevision());
        var revision = Page.GetByRole(AriaRole.Region, new() { NameRegex = RevisionName() });
        await Expect(revision).ToContainTextAsync("welcome");
        await Journey.ScreenAsync("history");

        await revision.GetByRole(AriaRole.Button, new() { Name = "Revert" }).ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { NameRegex = RevertQuestion() });
        await Journey.ScreenAsync("revert-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revert" }).ClickAsync();
        await Expect(Page.GetByText(RevertedNotice())).ToBeVisibleAsync();
        Assert.Equal(Greet, await api.ReadFileAsync(ws, "src/greet.ts"));
        Assert.Equal(Main, await api.ReadFileAsync(ws, "src/main.ts"));
        await Journey.ScreenAsync("reverted");
    }

    [GeneratedRegex("/history/[0-9a-f-]{36}$")]
    private static partial Regex HistoryOfRevision();

    [GeneratedRegex(@"^Revision \d+$")]
    private static partial Regex RevisionName();

    [GeneratedRegex(@"^Revert revision #\d+\?$")]
    private static partial Regex RevertQuestion();

    [GeneratedRegex(@"Reverted: revision #\d+ puts the files back\.")]
    private static partial Regex RevertedNotice();
}
