using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class DarkThemeJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task The_app_follows_a_dark_system_theme_and_stays_readable_on_its_busiest_screens()
    {
        var user = TestUser.Create("dark");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("night-shift");
        await api.WriteFileAsync(ws, "src/lamp.ts", "export const on = (lamp: { lit: boolean }) => ({ ...lamp, lit: true })\n");
        App.Llm.Enqueue(new FakeReply("Use `on(lamp)`:\n\n```ts\non({ lit: false })\n```\n"));
        await api.ChatAsync(ws, "How do I switch the lamp on?");

        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Journey.SignInAsync(user, "/login");
        Assert.Equal("dark", await Page.EvaluateAsync<string>("() => document.documentElement.getAttribute('data-mantine-color-scheme')"));
        await Journey.ScreenAsync("workspaces-dark");

        await Page.GotoAsync($"/workspaces/{ws}/files/src/lamp.ts");
        await Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Contents of src/lamp.ts" })).ToContainTextAsync("lit: true");
        await Journey.ScreenAsync("editor-dark");

        await Page.GotoAsync($"/workspaces/{ws}/chat");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText("How do I switch the lamp on?").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Article, new() { Name = "Assistant reply" })).ToContainTextAsync("on({ lit: false })");
        await Journey.ScreenAsync("chat-dark");

        await Page.GotoAsync("/usage");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Usage", Level = 1 })).ToBeVisibleAsync();
        await Journey.ScreenAsync("usage-dark");
    }
}
