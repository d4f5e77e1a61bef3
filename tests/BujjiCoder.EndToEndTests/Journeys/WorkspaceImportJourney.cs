using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class WorkspaceImportJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_user_creates_a_workspace_imports_an_archive_watching_its_progress_and_sees_what_was_skipped()
    {
        var user = TestUser.Create("import");
        using var api = await App.Api().RegisterAsync(user);
        // Over the (test-lowered) synchronous limit, so the import runs as a job the page follows.
        var archive = Archives.Zip(
        [
            ("README.md", "# Inventory\n\nKeeps track of stock.\n"),
            ("src/inventory.ts", "export function restock(count: number): number {\n  return count + 10\n}\n"),
            ("src/weights.ts", Archives.Filler(200_000)),
            (".gitignore", "*.log\n"),
            ("debug.log", "skipped: ignored by .gitignore\n"),
            ("node_modules/left-pad/index.js", "module.exports = () => ''\n"),
        ]);
        Assert.True(archive.Length > 65536, $"the archive ({archive.Length} bytes) must be large enough to become a job");

        await Journey.SignInAsync(user);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Workspaces", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByText("No workspaces yet")).ToBeVisibleAsync();
        await Journey.ScreenAsync("no-workspaces");

        await Page.GetByRole(AriaRole.Button, new() { Name = "New workspace" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "New workspace" });
        await dialog.GetByLabel("Name").FillAsync("inventory");
        await dialog.GetByLabel("Description").FillAsync("The stock service");
        await Journey.ScreenAsync("new-workspace");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        // A new workspace is empty: the app takes the user straight to importing.
        await Expect(Page).ToHaveURLAsync(ImportPage());
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Import an archive" })).ToBeVisibleAsync();
        await Journey.ScreenAsync("import");

        // Dropped onto the page: a file that is not an archive is refused before anything is sent.
        var dropped = await Page.EvaluateHandleAsync("""
            () => {
              const transfer = new DataTransfer();
              transfer.items.add(new File(['just notes'], 'notes.txt', { type: 'text/plain' }));
              return transfer;
            }
            """);
        var dropZone = Page.GetByText("Drop an archive here, or click to choose one");
        await dropZone.DispatchEventAsync("dragenter", new { dataTransfer = dropped });
        await dropZone.DispatchEventAsync("drop", new { dataTransfer = dropped });
        await Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "That file cannot be imported" })).ToContainTextAsync("notes.txt");
        await Journey.ScreenAsync("drop-refused");

        var chooser = await Page.RunAndWaitForFileChooserAsync(() =>
            Page.GetByRole(AriaRole.Button, new() { Name = "Choose archive" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "inventory.zip", MimeType = "application/zip", Buffer = archive });

        var finished = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Import finished" });
        await Expect(finished).ToContainTextAsync("inventory.zip was imported");
        var progress = (await Journey.ProbesAsync()).GetProperty("progressSeen").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("Upload progress", progress);
        Assert.Contains("Import progress", progress);
        // Three files in; the ignored log and the dependency folder are listed with their reasons.
        await Expect(Page.GetByText("Files imported").Locator("xpath=..")).ToContainTextAsync("4");
        var skipped = Page.GetByRole(AriaRole.Table, new() { Name = "Skipped entries" });
        await Expect(skipped.GetByRole(AriaRole.Row).Filter(new() { HasText = "debug.log" })).ToBeVisibleAsync();
        await Expect(skipped.GetByRole(AriaRole.Row).Filter(new() { HasText = "node_modules" }).First).ToBeVisibleAsync();
        await Journey.ScreenAsync("import-finished");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Open files" }).ClickAsync();
        var tree = Page.GetByRole(AriaRole.Tree, new() { Name = "Files" });
        await Expect(tree.GetByRole(AriaRole.Treeitem, new() { Name = "README.md" })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Treeitem, new() { Name = "src" })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Treeitem, new() { Name = "debug.log" })).ToHaveCountAsync(0);
        await Journey.ScreenAsync("files");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Workspaces" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "inventory" })).ToBeVisibleAsync();
        await Journey.ScreenAsync("workspace-list");
    }

    [GeneratedRegex("/workspaces/[0-9a-f-]{36}/import$")]
    private static partial Regex ImportPage();
}
