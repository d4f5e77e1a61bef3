using System.Globalization;
using System.Text.Json;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Performance;

/// <summary>The "login page usable &lt; 1 s after navigation on loopback" budget, on first visits (empty cache).</summary>
[Collection(JourneyCollection.Name)]
public sealed class LoginPageBudget(EndToEndApp app)
{
    private const int Visits = 3;
    private const double TargetMilliseconds = 1000;

    [Fact]
    public async Task Login_page_usable_after_navigation_is_measured_on_first_visits()
    {
        var usable = new List<double>();
        var scriptKilobytes = new List<double>();
        var refreshes = new List<double>();
        for (var visit = 0; visit < Visits; visit++)
        {
            // A new context each time: no cache, no cookie, as a first visit.
            await using var context = await app.NewContextAsync();
            await context.AddInitScriptAsync(Probes.Script);
            var page = await context.NewPageAsync();
            // The silent session renewal the app tries before showing anything (no cookie on a first visit: a 401).
            // Not in Resource Timing: the app does not read the 401's body, so the browser never completes its entry.
            var refresh = new TaskCompletionSource<double>();
            page.Response += (_, response) =>
            {
                if (response.Url.EndsWith("/api/v1/auth/refresh", StringComparison.Ordinal))
                {
                    refresh.TrySetResult(response.Request.Timing.ResponseStart);
                }
            };
            await page.GotoAsync("/login");
            await page.WaitForFunctionAsync("() => window.__bujji && window.__bujji.loginUsableAt !== null");
            var figures = JsonDocument.Parse(await page.EvaluateAsync<string>("""
                () => {
                  const at = window.__bujji.loginUsableAt;
                  // JavaScript fetched before the form was usable, as it travelled (gzip, without headers).
                  const scripts = performance.getEntriesByType('resource')
                    .filter(r => r.name.endsWith('.js') && r.responseEnd <= at)
                    .reduce((sum, r) => sum + r.encodedBodySize, 0);
                  return JSON.stringify({ at, scripts });
                }
                """)).RootElement;
            usable.Add(figures.GetProperty("at").GetDouble());
            scriptKilobytes.Add(figures.GetProperty("scripts").GetDouble() / 1024);
            refreshes.Add(refresh.Task.IsCompleted ? await refresh.Task : -1);
        }

        usable.Sort();
        Budgets.Record("login page usable after navigation (first visit, median of 3)", usable[Visits / 2], TargetMilliseconds, "ms",
            string.Create(CultureInfo.InvariantCulture,
                $"all: {string.Join(", ", usable.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms; navigation start → the sign-in field takes input with the Sign in button shown; {scriptKilobytes.Max():0.#} KB of JavaScript (compressed) fetched by then; the cookie-less session renewal tried first answered after {string.Join(", ", refreshes.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms"));
    }
}
