using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class CompletionJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task Typing_in_the_editor_offers_the_workspaces_symbols_and_accepting_one_inserts_it()
    {
        var user = TestUser.Create("complete");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("billing");
        await api.WriteFileAsync(ws, "src/invoice.ts", "export function calculateInvoiceTotal(lines: number[]): number {\n  return lines.reduce((a, b) => a + b, 0)\n}\n");
        await api.WriteFileAsync(ws, "src/main.ts", "import { calculateInvoiceTotal } from './invoice'\n\n");
        // Should completion also ask the model, it gets a plain suggestion rather than an echo of the prompt.
        App.Llm.Default = new FakeReply("calculateInvoiceTotal([])");

        try
        {
            await Journey.SignInAsync(user);
            await Page.GotoAsync($"/workspaces/{ws}/files/src/main.ts");
            var editor = Page.GetByRole(AriaRole.Textbox, new() { Name = "Contents of src/main.ts" });
            await Expect(editor).ToContainTextAsync("import { calculateInvoiceTotal }");
            await editor.ClickAsync();
            await Page.Keyboard.PressAsync("Control+End");
            await Page.Keyboard.TypeAsync("const total = calcul");

            var option = Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "calculateInvoiceTotal" }).First;
            await Expect(option).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Journey.ScreenAsync("completion-offered");
            await option.ClickAsync();
            await Expect(editor).ToContainTextAsync("const total = calculateInvoiceTotal");
            await Journey.ScreenAsync("completion-accepted");
        }
        finally
        {
            App.Llm.Default = null;
        }
    }
}
