using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class UsageJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_user_sees_the_model_calls_just_made_in_their_usage_totals_and_charts()
    {
        var user = TestUser.Create("usage");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("metered");
        // Two calls with known token counts: 2 × (1,200 in, 300 out) at $3 / $15 per million = $0.0162.
        for (var i = 0; i < 2; i++)
        {
            App.Llm.Enqueue(new FakeReply($"Answer {i}", InputTokens: 1200, OutputTokens: 300));
            await api.ChatAsync(ws, $"Question {i} about the meter");
        }

        await Journey.SignInAsync(user);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Usage", Level = 1 })).ToBeVisibleAsync();
        var totals = Page.GetByRole(AriaRole.Region, new() { Name = "Totals" });
        await Expect(Card(totals, "Requests")).ToContainTextAsync("2");
        await Expect(Card(totals, "Input tokens")).ToContainTextAsync("2,400");
        await Expect(Card(totals, "Output tokens")).ToContainTextAsync("600");
        await Expect(Card(totals, "Cost")).ToContainTextAsync("0.0162");

        // Each chart is drawn, and carries its figures for screen readers in a table named after it.
        var perModel = Page.GetByRole(AriaRole.Figure, new() { Name = "Tokens per model" });
        await Expect(perModel.Locator("svg").First).ToBeVisibleAsync();
        await Expect(perModel.GetByRole(AriaRole.Table, new() { Name = "Tokens per model", IncludeHidden = true })).ToContainTextAsync(EndToEndApp.ModelId);
        var perDay = Page.GetByRole(AriaRole.Figure, new() { Name = "Tokens per day" });
        await Expect(perDay.Locator("svg").First).ToBeVisibleAsync();
        await Expect(perDay.GetByRole(AriaRole.Table, new() { Name = "Tokens per day", IncludeHidden = true })).ToContainTextAsync("2,400");
        await Journey.ScreenAsync("usage");
    }

    private static ILocator Card(ILocator totals, string label) =>
        totals.GetByText(label, new() { Exact = true }).Locator("xpath=..");
}
