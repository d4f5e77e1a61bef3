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
        var modes = Page.GetByRole(AriaRole.Radiogroup, new() { Name = "Search mode" });
        // With semantic search on, this host's default is Hybrid; this journey is about words and definitions.
        await modes.GetByText("Text", new() { Exact = true }).ClickAsync();
        await query.FillAsync("posted ledger");
        var results = Page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" });
        await Expect(results.GetByRole(AriaRole.Option).Filter(new() { HasText = "docs/notes.md" })).ToContainTextAsync("line 3");
        await Journey.ScreenAsync("text-results");

        await modes.GetByText("Symbol").ClickAsync();
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

    [Fact]
    public async Task A_user_finds_code_by_what_it_does_in_words_the_code_does_not_use()
    {
        var user = TestUser.Create("meaning");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("shop");
        await api.WriteFileAsync(ws, "src/Payments/PaymentGateway.cs",
            "namespace Shop.Payments;\n\npublic sealed class PaymentGateway(ICardProcessor processor)\n{\n    public Receipt CapturePayment(CreditCard card, decimal amount)\n    {\n        var authorization = processor.Authorize(card, amount);\n        return processor.Capture(authorization);\n    }\n}\n");
        await api.WriteFileAsync(ws, "src/Stock/Warehouse.cs",
            "namespace Shop.Stock;\n\npublic sealed class Warehouse\n{\n    private readonly Dictionary<string, int> _shelves = [];\n\n    public void Restock(string sku, int count) => _shelves[sku] = _shelves.GetValueOrDefault(sku) + count;\n}\n");
        await api.WriteFileAsync(ws, "src/Mail/WelcomeMail.cs",
            "namespace Shop.Mail;\n\npublic static class WelcomeMail\n{\n    public static string Subject(string name) => $\"Welcome to the shop, {name}\";\n}\n");

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/search");
        var modes = Page.GetByRole(AriaRole.Radiogroup, new() { Name = "Search mode" });
        await Expect(modes.GetByRole(AriaRole.Radio, new() { Name = "Hybrid" })).ToBeCheckedAsync();

        // The Worker embeds the new files in the background; the screen follows it until nothing is pending.
        // The Worker loads the model and may embed other journeys' files first; generous for a loaded 2-core machine.
        await Expect(Page.GetByText("Semantic index:")).ToContainTextAsync("up to date", new() { Timeout = 180_000 });

        // None of these words is in the payment code (nor is it first by name: Mail < Payments < Stock), so words alone miss it.
        await modes.GetByText("Text", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Search the workspace" }).FillAsync("where do we take money from the customer");
        await Expect(Page.GetByText("No matches for")).ToBeVisibleAsync();

        await modes.GetByText("Meaning", new() { Exact = true }).ClickAsync();
        var results = Page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" });
        await Expect(results.GetByRole(AriaRole.Option).First).ToContainTextAsync("src/Payments/PaymentGateway.cs");
        await Expect(Page).ToHaveURLAsync(MeaningSearch());
        await Journey.ScreenAsync("meaning-results");

        await modes.GetByText("Hybrid", new() { Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(HybridSearch());
        await Expect(results.GetByRole(AriaRole.Option).First).ToContainTextAsync("src/Payments/PaymentGateway.cs");
        await Journey.ScreenAsync("hybrid-results");
    }

    [GeneratedRegex(@"mode=semantic")]
    private static partial Regex MeaningSearch();

    [GeneratedRegex(@"mode=hybrid")]
    private static partial Regex HybridSearch();

    [GeneratedRegex(@"/files/src/ledger\.cs\?line=7")]
    private static partial Regex LedgerAtLine7();
}
