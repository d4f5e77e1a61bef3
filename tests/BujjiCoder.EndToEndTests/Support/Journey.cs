using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// One journey's browser: a fresh context (a first visit: no cookies, no cache), a screenshot of every screen it
/// visits, and on each screen axe-core (0 serious or critical violations), no CSP violation and no uncaught error.
/// </summary>
public sealed partial class Journey : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _screenshots;
    private readonly List<string> _dialogs = [];
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _inaccessible = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IRequest, DateTime> _inFlight = new();
    private int _screen;
    private bool _allowInlineHandlerReports;

    private Journey(EndToEndApp app, IBrowserContext context, IPage page, string name)
    {
        App = app;
        _context = context;
        Page = page;
        Name = name;
        _screenshots = Path.Combine(ScreenshotRoot, name);
        page.Dialog += (_, dialog) =>
        {
            // Record and dismiss: a dialog nobody answers would hang the page.
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        // Requests until their response starts (an event stream counts as answered once it is open).
        page.Request += (_, request) => _inFlight[request] = DateTime.UtcNow;
        page.Response += (_, response) => _inFlight.TryRemove(response.Request, out DateTime _);
        page.RequestFailed += (_, request) => _inFlight.TryRemove(request, out DateTime _);
        page.PageError += (_, error) =>
        {
            lock (_pageErrors)
            {
                _pageErrors.Add(error);
            }
        };
    }

    public static string ScreenshotRoot { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "e2e-screenshots");

    public EndToEndApp App { get; }

    public IPage Page { get; }

    public string Name { get; }

    /// <summary>alert/confirm/prompt dialogs the page opened (none is expected anywhere).</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    public static async Task<Journey> StartAsync(EndToEndApp app, string name)
    {
        var context = await app.NewContextAsync();
        await context.AddInitScriptAsync(Probes.Script);
        // Generous for a loaded two-core machine (./test.sh runs the test projects side by side); a journey that
        // really hangs still fails within the minute. Web-first assertions wait as long as actions do.
        context.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        var journey = new Journey(app, context, page, name);
        if (Directory.Exists(journey._screenshots))
        {
            Directory.Delete(journey._screenshots, recursive: true);
        }

        Directory.CreateDirectory(journey._screenshots);
        return journey;
    }

    /// <summary>
    /// The journey has reached a screen: saves <c>TestResults/e2e-screenshots/&lt;journey&gt;/&lt;nn&gt;-&lt;screen&gt;.png</c> and checks
    /// the screen with axe-core, for CSP violations and for uncaught errors. Accessibility violations fail the test when
    /// the journey ends, so one run reports every screen's rather than only the first.
    /// </summary>
    public async Task ScreenAsync(string screen)
    {
        await SettleAsync();
        await ScreenshotAsync(screen);
        await AssertAccessibleAsync(screen);
        await AssertCleanAsync(screen);
    }

    /// <summary>A screenshot without the checks, for a moment worth seeing that is not a screen of its own.</summary>
    public async Task<string> ScreenshotAsync(string screen)
    {
        var file = Path.Combine(_screenshots, string.Create(CultureInfo.InvariantCulture, $"{++_screen:00}-{screen}.png"));
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} screenshot {file}");
        return file;
    }

    /// <summary>Signs in through the login page, as the user, and waits for the signed-in frame.</summary>
    public async Task SignInAsync(TestUser user, string path = "/login")
    {
        await Page.GotoAsync(path);
        await Page.GetByLabel("User name or e-mail").FillAsync(user.UserName);
        await PasswordField().FillAsync(user.Password);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(AccountMenu(user)).ToBeVisibleAsync();
    }

    /// <summary>
    /// The password field. By label, but not by exact name: Mantine appends a required-asterisk to the label text, and
    /// a substring would also find the show-password toggle.
    /// </summary>
    public ILocator PasswordField() => Page.GetByLabel(PasswordLabel());

    /// <summary>The header's account menu, there only while <paramref name="user"/> is signed in.</summary>
    public ILocator AccountMenu(TestUser user) =>
        Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Account menu for {user.UserName}" });

    public async Task<JsonElement> ProbesAsync() =>
        JsonDocument.Parse(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__bujji ?? {})")).RootElement;

    /// <summary>Closes the browser context; fails the test if a screen had serious or critical accessibility violations.</summary>
    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed)
        {
            await FailureEvidenceAsync();
        }

        await _context.CloseAsync();
        Assert.True(_inaccessible.Count == 0, string.Join("\n", _inaccessible));
    }

    // Screens render after their data arrives: wait until no request has been waiting for its answer for a quarter
    // of a second (bounded: a screen that keeps asking is as settled as it gets), then for fonts and a frame, so
    // screenshots and axe see the screen rather than a spinner. Playwright's "networkidle" is a load event of the
    // document and says nothing about the requests of a single-page app after it.
    private async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            if (!_inFlight.IsEmpty)
            {
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince > TimeSpan.FromMilliseconds(250))
            {
                break;
            }

            await Task.Delay(25);
        }

        await Page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))");
    }

    private async Task AssertAccessibleAsync(string screen)
    {
        // Violations only: the passes of every rule on every node are most of axe's time and of its answer.
        var result = await Page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (serious.Count == 0)
        {
            return;
        }

        var report = new StringBuilder($"axe-core found {serious.Count} serious or critical violation(s) on '{screen}' ({Page.Url}):\n");
        foreach (var violation in serious)
        {
            report.Append(CultureInfo.InvariantCulture, $"- {violation.Impact} {violation.Id}: {violation.Help} ({violation.HelpUrl})\n");
            foreach (var node in violation.Nodes.Take(5))
            {
                var checks = node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message);
                report.Append(CultureInfo.InvariantCulture, $"    {node.Target}: {node.Html}\n      {string.Join(" | ", checks)}\n");
            }
        }

        _inaccessible.Add(report.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
    }

    /// <summary>
    /// From now on, inline-handler (<c>script-src-attr</c>) CSP reports do not fail a screen. Chromium files one whenever
    /// HTML with an on* attribute is parsed, even into an inert DOMParser document where nothing can run, so a
    /// sanitiser reading hostile HTML causes them; what reached the page is checked instead (scriptableSeen).
    /// </summary>
    public void AllowInlineHandlerReportsFromSanitising() => _allowInlineHandlerReports = true;

    private async Task AssertCleanAsync(string screen)
    {
        var probes = await ProbesAsync();
        var violations = probes.GetProperty("cspViolations").EnumerateArray().Select(v => v.GetString()!)
            .Where(v => !(_allowInlineHandlerReports && v.StartsWith("script-src-attr ", StringComparison.Ordinal)))
            .ToList();
        Assert.True(violations.Count == 0, $"CSP violations on '{screen}': {string.Join("; ", violations)}");
        var scriptable = probes.GetProperty("scriptableSeen").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(scriptable.Count == 0, $"Script-capable markup was put into the page on '{screen}': {string.Join("; ", scriptable)}");
        lock (_pageErrors)
        {
            Assert.True(_pageErrors.Count == 0, $"Uncaught errors on '{screen}': {string.Join("; ", _pageErrors)}");
        }
    }

    private async Task FailureEvidenceAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        try
        {
            await ScreenshotAsync("failure");
        }
        catch (PlaywrightException)
        {
            // The page is gone; the logs below still tell the story.
        }

        output?.WriteLine($"page at failure: {Page.Url}");
        output?.WriteLine("Api log (last 60 lines):\n" + Tail(App.ApiOutput, 60));
        output?.WriteLine("nginx log (last 20 lines):\n" + Tail(App.NginxOutput, 20));
        output?.WriteLine("Worker log (last 30 lines):\n" + Tail(App.WorkerOutput, 30));
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));

    [GeneratedRegex("^Password")]
    private static partial Regex PasswordLabel();
}
