using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>
/// deploy/monitoring/prometheus/alerts.rules.yml is the one list of alerts: each of them exists in Azure Monitor under
/// the same name, with the same severity, a query, at least its `for` (up to Azure's 30 minutes) and someone to tell.
/// </summary>
public sealed class AlertParityTests
{
    private static readonly string RulesFile = Path.Combine(SolutionPaths.Root, "deploy", "monitoring", "prometheus", "alerts.rules.yml");

    [Fact]
    public async Task Every_alert_of_the_rules_file_has_its_Azure_Monitor_counterpart_and_no_other_exists()
    {
        var rules = Rules();
        var azure = (await AzureDeployment.For("production")).OfType("Microsoft.Insights/scheduledQueryRules")
            .ToDictionary(alert => (string)alert["name"]!);

        Assert.True(rules.Count >= 10, $"Only {rules.Count} alerts read from {RulesFile}.");
        Assert.Equal(rules.Select(rule => rule.Name).Order(), azure.Keys.Order());
        Assert.All(rules, rule =>
        {
            var properties = azure[rule.Name]["properties"]!;
            var criterion = Assert.Single(properties["criteria"]!["allOf"]!.AsArray())!;
            var periods = (int)criterion["failingPeriods"]!["minFailingPeriodsToAlert"]!;
            var frequency = System.Xml.XmlConvert.ToTimeSpan((string)properties["evaluationFrequency"]!);

            Assert.Equal(rule.Severity == "critical" ? 0 : 2, (int)properties["severity"]!);
            Assert.True((bool)properties["enabled"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)criterion["query"]), $"{rule.Name} has no query.");
            Assert.True(periods * frequency >= Min(rule.For, TimeSpan.FromMinutes(30)),
                $"{rule.Name} fires after {periods * frequency}, its rule waits {rule.For}.");
            Assert.NotEmpty(properties["actions"]!["actionGroups"]!.AsArray());
            Assert.Contains(rule.Runbook, (string?)properties["description"], StringComparison.Ordinal);
        });
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static List<(string Name, string Severity, TimeSpan For, string Runbook)> Rules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RulesFile))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["groups"])
            .SelectMany(group => (YamlSequenceNode)((YamlMappingNode)group)["rules"])
            .Cast<YamlMappingNode>()
            .Where(rule => rule.Children.ContainsKey("alert"))
            .Select(rule => (
                Name: rule["alert"].ToString(),
                Severity: ((YamlMappingNode)rule["labels"])["severity"].ToString(),
                For: rule.Children.TryGetValue("for", out var duration) ? PrometheusDuration(duration.ToString()) : TimeSpan.Zero,
                Runbook: ((YamlMappingNode)rule["annotations"])["runbook_url"].ToString()))
            .ToList();
    }

    private static TimeSpan PrometheusDuration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        'd' => TimeSpan.FromDays(int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"Unknown Prometheus duration '{text}'."),
    };
}
