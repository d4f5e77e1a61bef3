using System.Globalization;
using System.Text.RegularExpressions;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>One sample of a Prometheus text scrape: the series name, its labels and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A Prometheus text exposition read into samples, enough for tests to look a series up by name and labels.</summary>
internal sealed partial class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<PrometheusSample> Samples { get; } = [.. text.Split('\n').Select(Parse).OfType<PrometheusSample>()];

    /// <summary>The sum of the series named <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Matching(name, labels).Sum(sample => sample.Value);

    public IEnumerable<PrometheusSample> Matching(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Key, out var value) && value == label.Value));

    public bool Has(string name) => Samples.Any(sample => sample.Name == name);

    private static PrometheusSample? Parse(string line)
    {
        var match = Line().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(label => label.Groups["key"].Value, label => label.Groups["value"].Value);
        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var text => double.Parse(text, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(match.Groups["name"].Value, labels, value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$")]
    private static partial Regex Line();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
