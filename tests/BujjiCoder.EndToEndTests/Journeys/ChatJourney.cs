using System.Globalization;
using System.Text.Json;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class ChatJourney(EndToEndApp app) : JourneyTest(app)
{
    private const double DeltaTargetMilliseconds = 50;

    [Fact]
    public async Task A_user_asks_about_the_code_sees_the_answer_stream_in_with_its_context_and_cost_then_stops_a_slow_one()
    {
        var user = TestUser.Create("chat");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("warehouse");
        await api.WriteFileAsync(ws, "src/restock.ts", "export function restock(count: number): number {\n  return count + 10\n}\n");

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/chat");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "New conversation" })).ToBeVisibleAsync();
        await Journey.ScreenAsync("new-conversation");

        // A streamed answer: twelve pieces a tenth of a second apart, Markdown with a code block.
        App.Llm.Enqueue(new FakeReply(
            "The **restock** function adds ten to the count it is given. For example:\n\n```ts\nrestock(5) // 15\n```\n\nIt never returns less than ten more than it was given.",
            ChunkCount: 12, TokenDelay: TimeSpan.FromMilliseconds(100)));
        var message = Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await message.FillAsync("What does restock do?");
        await message.PressAsync("Enter");

        var reply = Page.GetByRole(AriaRole.Article, new() { Name = "Assistant reply" }).Last;
        // Mid-stream: part of the answer is there, and the turn says it is still answering.
        await Expect(reply).ToHaveAttributeAsync("aria-busy", "true");
        await Expect(reply).ToContainTextAsync("restock");
        await Journey.ScreenshotAsync("streaming");
        await Expect(reply).ToContainTextAsync("tokens in", new() { Timeout = 20_000 });
        await Expect(reply).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(reply).ToContainTextAsync("never returns less than ten");
        await Expect(reply.Locator("pre")).ToContainTextAsync("restock(5) // 15");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Copy code" })).ToBeVisibleAsync();
        await Expect(reply).ToContainTextAsync("$");
        await Journey.ScreenAsync("answered");
        await RecordDeltaPaintingAsync();

        // A slow answer, stopped by the user: the request is aborted, and the Api cancels the model's call upstream.
        var cancelledBefore = App.Llm.CancelledCount;
        App.Llm.Enqueue(new FakeReply(
            string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}")), ChunkCount: 40, TokenDelay: TimeSpan.FromMilliseconds(500)));
        await message.FillAsync("Explain it again, slowly.");
        await message.PressAsync("Enter");
        var slow = Page.GetByRole(AriaRole.Article, new() { Name = "Assistant reply" }).Last;
        await Expect(slow).ToContainTextAsync("word2");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();

        await Expect(slow).ToContainTextAsync("Stopped: the answer above is what arrived before you stopped it.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
        await App.Llm.WaitForCancelledAsync(cancelledBefore + 1, TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal(cancelledBefore + 1, App.Llm.CancelledCount);
        Assert.DoesNotContain("word40", await slow.InnerTextAsync(), StringComparison.Ordinal);
        await Journey.ScreenAsync("stopped");

        // The conversation was kept: it is listed, and reopening it shows both questions.
        await Page.ReloadAsync();
        await Expect(Page.GetByRole(AriaRole.Article, new() { Name = "Your message" })).ToHaveCountAsync(2);
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToContainTextAsync("What does restock do?");
        await Journey.ScreenAsync("conversation-reopened");
    }

    // The chat code marks each parsed delta (bujji:delta-received) and the animation frame after rendering it
    // (bujji:delta-painted); a delta's latency is the first paint at or after its arrival.
    private async Task RecordDeltaPaintingAsync()
    {
        var marks = JsonDocument.Parse(await Page.EvaluateAsync<string>("""
            () => JSON.stringify({
              received: performance.getEntriesByName('bujji:delta-received').map(m => m.startTime),
              painted: performance.getEntriesByName('bujji:delta-painted').map(m => m.startTime),
            })
            """)).RootElement;
        var received = marks.GetProperty("received").EnumerateArray().Select(m => m.GetDouble()).ToList();
        var painted = marks.GetProperty("painted").EnumerateArray().Select(m => m.GetDouble()).OrderBy(m => m).ToList();
        if (received.Count == 0 || painted.Count == 0)
        {
            Budgets.NotMeasured("streamed delta painted after arrival", "the page recorded no bujji:delta-received / bujji:delta-painted marks");
            return;
        }

        var latencies = received
            .Select(at => painted.FirstOrDefault(paint => paint >= at, double.NaN) - at)
            .Where(latency => !double.IsNaN(latency))
            .OrderBy(latency => latency)
            .ToList();
        Budgets.Record("streamed delta painted after arrival (worst of the answer)", latencies[^1], DeltaTargetMilliseconds, "ms",
            string.Create(CultureInfo.InvariantCulture,
                $"{received.Count} deltas, {painted.Count} paints; median {latencies[latencies.Count / 2]:0.#} ms; from the delta parsed to the animation frame after React committed it"));
    }
}
