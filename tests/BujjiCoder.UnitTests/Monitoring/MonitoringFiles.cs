using System.Text.Json;
using System.Text.RegularExpressions;

namespace BujjiCoder.UnitTests.Monitoring;

/// <summary>deploy/monitoring's files as the tests read them: the alert list, its promtool tests, the dashboard.</summary>
internal static partial class MonitoringFiles
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "deploy", "monitoring", "prometheus", "alerts.rules.yml");

    public static string RuleTests => Path.Combine(Root, "deploy", "monitoring", "prometheus", "alerts.tests.yml");

    public static string Dashboard => Path.Combine(Root, "deploy", "monitoring", "grafana", "bujji-coder.json");

    public static string Runbook => Path.Combine(Root, "docs", "RUNBOOK.md");

    /// <summary>Each alert's name and the text of its rule (up to the next alert), read without a YAML parser: the rules file keeps one `- alert:` per rule.</summary>
    public static IReadOnlyList<(string Name, string Rule)> Alerts()
    {
        var text = File.ReadAllText(Rules);
        var starts = AlertLine().Matches(text);
        return [.. starts.Select((m, i) => (m.Groups[1].Value, text[m.Index..(i + 1 < starts.Count ? starts[i + 1].Index : text.Length)]))];
    }

    /// <summary>Every PromQL expression: the rules' one-line `expr:` and every dashboard target's `expr`.</summary>
    public static IEnumerable<(string Where, string Expression)> Queries()
    {
        foreach (var (name, rule) in Alerts())
        {
            yield return ($"alert {name}", ExprLine().Match(rule).Groups[1].Value);
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard));
        foreach (var (panel, expression) in DashboardExpressions(dashboard.RootElement, "dashboard"))
        {
            yield return (panel, expression);
        }
    }

    private static IEnumerable<(string Panel, string Expression)> DashboardExpressions(JsonElement element, string panel)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                panel = $"panel \"{title.GetString()}\"";
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return (panel, property.Value.GetString()!);
                }
                else
                {
                    foreach (var found in DashboardExpressions(property.Value, panel))
                    {
                        yield return found;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var found in element.EnumerateArray().SelectMany(item => DashboardExpressions(item, panel)))
            {
                yield return found;
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BujjiCoder.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BujjiCoder.sln not found above the test output directory.");
    }

    [GeneratedRegex(@"^\s*- alert: (\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s*expr: (.+)$", RegexOptions.Multiline)]
    private static partial Regex ExprLine();
}
