using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class ChatSafetyJourney(EndToEndApp app) : JourneyTest(app)
{
    // What a model can be talked into (prompt injection planted in a file, say): each way HTML could run script,
    // one reply each, so a failure names the payload that got through.
    private static readonly string[] Payloads =
    [
        "an image: <img src=x onerror=\"window.__bujjiXss='img';alert('img')\">",
        "a script: <script>window.__bujjiXss='script';alert('script')</script>",
        "a link: <a href=\"javascript:window.__bujjiXss='link'\">click me</a>",
        "a Markdown link: [click me too](javascript:window.__bujjiXss='md')",
        "a frame: <iframe src=\"javascript:window.top.__bujjiXss='frame'\"></iframe>",
        "an SVG: <svg><script>window.__bujjiXss='svg'</script></svg><svg onload=\"window.__bujjiXss='svg-onload'\"></svg>",
    ];

    [Fact]
    public async Task Replies_carrying_html_and_script_render_inert()
    {
        var user = TestUser.Create("xss");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("untrusted");

        Journey.AllowInlineHandlerReportsFromSanitising();
        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/chat");
        var message = Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        foreach (var (payload, index) in Payloads.Select((p, i) => (p, i)))
        {
            App.Llm.Enqueue(new FakeReply($"Here is {payload} END-{index}", ChunkCount: 4));
            await message.FillAsync($"Show me number {index}");
            await message.PressAsync("Enter");
            var reply = Page.GetByRole(AriaRole.Article, new() { Name = "Assistant reply" }).Last;
            await Expect(reply).ToContainTextAsync($"END-{index}", new() { Timeout = 20_000 });
            await Expect(reply).ToContainTextAsync("tokens in");
            // What a curious user would do next: click whatever looks like a link.
            foreach (var link in await reply.GetByRole(AriaRole.Link).AllAsync())
            {
                await link.ClickAsync(new() { Timeout = 2_000 });
            }

            await AssertInertAsync(payload, reply);
        }

        await Journey.ScreenAsync("hostile-replies");

        // The stored replies, rendered again from the database after a reload, are just as inert.
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Article, new() { Name = "Assistant reply" })).ToHaveCountAsync(Payloads.Length);
        await AssertInertAsync("all, reloaded", Page.Locator("main"));
        await Journey.ScreenAsync("hostile-replies-reloaded");
    }

    private async Task AssertInertAsync(string payload, ILocator reply)
    {
        // Not the CSP reports (see AllowInlineHandlerReportsFromSanitising): what reached the page, even for a moment.
        var probes = await Journey.ProbesAsync();
        Assert.True(probes.GetProperty("scriptableSeen").GetArrayLength() == 0, $"{payload}: script-capable markup reached the page: {probes.GetProperty("scriptableSeen")}");
        Assert.True(Journey.Dialogs.Count == 0, $"{payload}: a dialog opened: {string.Join("; ", Journey.Dialogs)}");
        Assert.Equal("unset", await Page.EvaluateAsync<string>("() => window.__bujjiXss === undefined ? 'unset' : String(window.__bujjiXss)"));
        Assert.Equal(0, await Page.Locator("[onerror], [onload], a[href^='javascript:' i], iframe").CountAsync());
        Assert.Equal(0, await reply.Locator("script, object, embed").CountAsync());
    }
}
