using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class EditorJourney(EndToEndApp app) : JourneyTest(app)
{
    private const string Original = "export function restock(count: number): number {\n  return count + 10\n}\n";

    [Fact]
    public async Task A_user_opens_a_file_edits_and_saves_it_then_meets_someone_elses_save_and_overwrites_it_knowingly()
    {
        var user = TestUser.Create("editor");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("shop");
        await api.WriteFileAsync(ws, "src/inventory.ts", Original);
        await api.WriteFileAsync(ws, "README.md", "# Shop\n");

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/files");
        var tree = Page.GetByRole(AriaRole.Tree, new() { Name = "Files" });
        await tree.GetByRole(AriaRole.Treeitem, new() { Name = "src" }).ClickAsync();
        await tree.GetByRole(AriaRole.Treeitem, new() { Name = "inventory.ts" }).ClickAsync();
        var editor = Page.GetByRole(AriaRole.Textbox, new() { Name = "Contents of src/inventory.ts" });
        await Expect(editor).ToContainTextAsync("return count + 10");
        await Journey.ScreenAsync("file-open");

        await AppendLineAsync(editor, "// restocked in the browser");
        await Expect(Page.GetByText("Unsaved", new() { Exact = true })).ToBeVisibleAsync();
        await Journey.ScreenAsync("file-edited");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Unsaved", new() { Exact = true })).ToHaveCountAsync(0);
        Assert.Contains("// restocked in the browser", await api.ReadFileAsync(ws, "src/inventory.ts"), StringComparison.Ordinal);

        // Someone else saves the file while this user has unsaved changes: the save is refused with 412, shown.
        await AppendLineAsync(editor, "// second edit, mine");
        await api.WriteFileAsync(ws, "src/inventory.ts", Original + "// changed elsewhere\n");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = Page.GetByRole(AriaRole.Dialog, new() { Name = "Someone else saved this file first" });
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict).ToContainTextAsync("changed elsewhere");
        await Journey.ScreenAsync("save-conflict");

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Overwrite with mine" }).ClickAsync();
        await Expect(conflict).ToBeHiddenAsync();
        await Expect(Page.GetByText("Unsaved", new() { Exact = true })).ToHaveCountAsync(0);
        var saved = await api.ReadFileAsync(ws, "src/inventory.ts");
        Assert.Contains("// second edit, mine", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("changed elsewhere", saved, StringComparison.Ordinal);
        await Journey.ScreenAsync("overwritten");

        // What was saved is what the export carries.
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Export as zip" }).ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var file = await download.PathAsync();
        using var zip = System.IO.Compression.ZipFile.OpenRead(file);
        var exported = zip.GetEntry("src/inventory.ts") ?? throw new InvalidOperationException($"src/inventory.ts not in the export: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(exported.Open());
        Assert.Equal(saved, await reader.ReadToEndAsync(Cancellation));
    }

    private async Task AppendLineAsync(ILocator editor, string line)
    {
        await editor.ClickAsync();
        await Page.Keyboard.PressAsync("Control+End");
        await Page.Keyboard.PressAsync("Enter");
        await Page.Keyboard.TypeAsync(line);
    }
}
