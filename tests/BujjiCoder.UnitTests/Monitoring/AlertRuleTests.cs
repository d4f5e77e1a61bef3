using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BujjiCoder.UnitTests.Monitoring;

/// <summary>deploy/monitoring/prometheus: promtool accepts the rules and their unit tests pass; every alert is complete.</summary>
public sealed partial class AlertRuleTests
{
    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var (exitCode, output) = await Promtool("check", "rules", MonitoringFiles.Rules);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Every_alert_fires_and_stays_quiet_as_its_promtool_unit_tests_expect()
    {
        var (exitCode, output) = await Promtool("test", "rules", MonitoringFiles.RuleTests);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Every_alert_has_a_promtool_test_where_it_fires_and_one_where_it_does_not()
    {
        var cases = AlertTestCase().Matches(File.ReadAllText(MonitoringFiles.RuleTests))
            .Select(m => (Alert: m.Groups[1].Value, Fires: m.Groups[2].Value.Trim() != "[]"))
            .ToList();

        Assert.All(MonitoringFiles.Alerts(), alert =>
        {
            Assert.Contains((alert.Name, true), cases);
            Assert.Contains((alert.Name, false), cases);
        });
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_runbook_section_of_its_own()
    {
        var runbook = File.ReadAllText(MonitoringFiles.Runbook);
        var alerts = MonitoringFiles.Alerts();

        Assert.True(alerts.Count >= 10, $"Only {alerts.Count} alerts read from {MonitoringFiles.Rules}.");
        Assert.All(alerts, alert =>
        {
            Assert.Matches(@"\n\s+severity: (critical|warning)\n", alert.Rule);
            Assert.Matches(@"\n\s+summary: \S", alert.Rule);
            Assert.Matches(@"\n\s+description: \S", alert.Rule);
            // GitHub's anchor of the heading "### BujjiXxx" is its lower-cased name.
            Assert.Contains($"runbook_url: docs/RUNBOOK.md#{alert.Name.ToLowerInvariant()}\n", alert.Rule);
            Assert.Matches(new Regex($"^### {alert.Name}$", RegexOptions.Multiline), runbook);
        });
    }

    private static async Task<(int ExitCode, string Output)> Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool not found: install Debian's prometheus package (eng/prerequisites.sh does, as root).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await error);
        }
    }

    // "alertname: X" then its "exp_alerts:" — "[]" when the case expects silence.
    [GeneratedRegex(@"alertname: (\w+)\s*\n\s*exp_alerts:([^\n]*)")]
    private static partial Regex AlertTestCase();
}
