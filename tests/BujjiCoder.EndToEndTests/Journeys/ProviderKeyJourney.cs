using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class ProviderKeyJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_user_adds_their_own_provider_key_sees_only_its_last_four_and_their_calls_use_it()
    {
        var user = TestUser.Create("byok");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("own-key");
        var key = "sk-own-" + Guid.NewGuid().ToString("N");

        await Journey.SignInAsync(user);
        await Page.GotoAsync("/account/provider-keys");
        await Expect(Page.GetByText("No keys of your own")).ToBeVisibleAsync();
        await Journey.ScreenAsync("no-keys");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Add a provider key" });
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Provider" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = EndToEndApp.ProviderName }).ClickAsync();
        await dialog.GetByLabel(ApiKeyLabel()).FillAsync(key);
        await Journey.ScreenAsync("add-key");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save key" }).ClickAsync();

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = EndToEndApp.ProviderName });
        await Expect(row).ToContainTextAsync("…" + key[^4..]);
        Assert.DoesNotContain(key, await Page.ContentAsync(), StringComparison.Ordinal);
        await Journey.ScreenAsync("key-listed");

        // From now on this user's calls to that provider carry their key, not the server's.
        App.Llm.Enqueue(new FakeReply("Answered on your own key."));
        await api.ChatAsync(ws, "Whose key is this?");
        Assert.Equal("Bearer " + key, App.Llm.Calls[^1].AuthValue);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete the {EndToEndApp.ProviderName} key" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete key?" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(Page.GetByText("No keys of your own")).ToBeVisibleAsync();
        App.Llm.Enqueue(new FakeReply("Answered on the server's key."));
        await api.ChatAsync(ws, "And now?");
        Assert.NotEqual("Bearer " + key, App.Llm.Calls[^1].AuthValue);
        await Journey.ScreenAsync("key-deleted");
    }

    [GeneratedRegex("^API key")]
    private static partial Regex ApiKeyLabel();
}
