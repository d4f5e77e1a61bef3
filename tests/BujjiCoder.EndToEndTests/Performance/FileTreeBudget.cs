using System.Globalization;
using System.Text.Json;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Performance;

/// <summary>The "10,000-file tree scrolls without a long task over 100 ms" budget.</summary>
[Collection(JourneyCollection.Name)]
public sealed class FileTreeBudget(EndToEndApp app) : JourneyTest(app)
{
    private const int Folders = 20;
    private const int FilesPerFolder = 500;
    private const double TargetMilliseconds = 100;

    [Fact]
    public async Task Scrolling_a_10000_file_tree_is_measured_for_long_tasks()
    {
        var user = TestUser.Create("bigtree");
        using var api = await App.Api().RegisterAsync(user);
        var ws = await api.CreateWorkspaceAsync("monorepo");
        // Through the Api's import, as a user would bring such a workspace in.
        await api.ImportAsync(ws, Archives.Zip(
            from folder in Enumerable.Range(0, Folders)
            from file in Enumerable.Range(0, FilesPerFolder)
            select (string.Create(CultureInfo.InvariantCulture, $"packages/pkg-{folder:00}/src/file-{file:0000}.ts"), $"export const value{file} = {file}\n")), "monorepo.zip");

        await Journey.SignInAsync(user);
        await Page.GotoAsync($"/workspaces/{ws}/files");
        var tree = Page.GetByRole(AriaRole.Tree, new() { Name = "Files" });
        // Open every folder: the last first, so the ones above stay where they are on screen.
        await tree.GetByRole(AriaRole.Treeitem, new() { Name = "packages" }).ClickAsync();
        for (var folder = Folders - 1; folder >= 0; folder--)
        {
            await tree.GetByRole(AriaRole.Treeitem, new() { Name = $"pkg-{folder:00}", Exact = true }).ClickAsync();
            var src = tree.Locator($"[role=treeitem][data-path='packages/pkg-{folder:00}/src']");
            await src.ClickAsync();
            await Expect(tree.Locator($"[data-path='packages/pkg-{folder:00}/src/file-0000.ts']")).ToBeVisibleAsync();
        }

        var rows = await tree.EvaluateAsync<int>("tree => tree.firstElementChild.getBoundingClientRect().height / 28");
        Assert.True(rows >= Folders * FilesPerFolder, $"the tree should hold every file, but it is {rows} rows tall");
        await Journey.ScreenAsync("tree-open");

        // Scroll top to bottom with the wheel, as a user flicking through it, watching for long tasks meanwhile.
        await Page.EvaluateAsync("() => { window.__bujji.longTasks = [] }");
        var started = await Page.EvaluateAsync<double>("() => performance.now()");
        await tree.HoverAsync();
        for (var step = 0; step < 120; step++)
        {
            await Page.Mouse.WheelAsync(0, 2400);
            await Page.WaitForTimeoutAsync(16);
        }

        await Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var figures = JsonDocument.Parse(await Page.EvaluateAsync<string>("""
            tree => JSON.stringify({
              now: performance.now(),
              scrollTop: document.querySelector('[role=tree]').scrollTop,
              rendered: document.querySelectorAll('[role=treeitem]').length,
              longTasks: window.__bujji.longTasks,
            })
            """)).RootElement;
        var longTasks = figures.GetProperty("longTasks").EnumerateArray().Where(t => t.GetProperty("start").GetDouble() >= started)
            .Select(t => (At: t.GetProperty("start").GetDouble() - started, Duration: t.GetProperty("duration").GetDouble())).ToList();
        var rendered = figures.GetProperty("rendered").GetInt32();
        await Journey.ScreenAsync("tree-scrolled");

        Assert.True(figures.GetProperty("scrollTop").GetDouble() > 200_000, $"the wheel should have moved through the tree, scrollTop {figures.GetProperty("scrollTop")}");
        // Virtualised: a screenful of rows in the page, not ten thousand.
        Assert.True(rendered < 200, $"{rendered} tree rows are in the page");
        Budgets.Record("10,000-file tree: longest task while scrolling", longTasks.Select(t => t.Duration).DefaultIfEmpty(0).Max(), TargetMilliseconds, "ms",
            string.Create(CultureInfo.InvariantCulture,
                $"{rows} rows, {rendered} in the page; {longTasks.Count} task(s) over 50 ms in {figures.GetProperty("now").GetDouble() - started:0} ms of wheel scrolling (120 × 2,400 px): {string.Join(", ", longTasks.Select(t => $"{t.Duration:0} ms at +{t.At:0} ms"))}"));
    }
}
