using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class SearchJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_user_searches_text_and_symbols_and_opens_a_hit_at_its_line_with_the_keyboard()
    {
        var user = TestUser.Create("search");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("ledger");
        await api.WriteFileAsync(ws, "src/ledger.cs",
            "namespace Shop;\n\npublic sealed class Ledger\n{\n    public decimal Balance { get; private set; }\n\n    public void PostInvoice(decimal amount)\n    {\n        Balance += amount;\n    }\n}\n");
        await api.WriteFileAsync(ws, "docs/notes.md", "# Notes\n\nEvery invoice is posted to the ledger.\n");

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/search");
        var query = Page.GetByRole(AriaRole.Combobox, new() { Name = "Search the workspace" });
        await query.FillAsync("posted ledger");
        var results = Page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" });
        await Expect(results.GetByRole(AriaRole.Option).Filter(new() { HasText = "docs/notes.md" })).ToContainTextAsync("line 3");
        await Journey.ScreenAsync("text-results");

        await Page.GetByRole(AriaRole.Radiogroup, new() { Name = "Search mode" }).GetByText("Symbol").ClickAsync();
        await query.FillAsync("PostInvoice");
        var hit = results.GetByRole(AriaRole.Option).Filter(new() { HasText = "src/ledger.cs" });
        await Expect(hit).ToContainTextAsync("line 7");
        await Journey.ScreenAsync("symbol-results");

        // Keyboard only: down to the hit, Enter opens the file at its line.
        await query.FocusAsync();
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(LedgerAtLine7());
        await Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Contents of src/ledger.cs" })).ToContainTextAsync("PostInvoice");
        await Journey.ScreenAsync("hit-opened");
    }

    [GeneratedRegex(@"/files/src/ledger\.cs\?line=7")]
    private static partial Regex LedgerAtLine7();
}
