namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// A part of the performance report that brings up what it needs (processes, balancer, fake provider), measures, and
/// stops it again, so sections neither share state nor disturb each other's figures.
/// </summary>
internal interface IPerformanceSection
{
    string Name { get; }

    Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken);
}

/// <summary>How hard and how long the report pushes; the defaults are the (1,000 users, 200 connections).</summary>
internal sealed record PerformanceSettings(int Users = 1000, int Connections = 200, TimeSpan? RowDuration = null, TimeSpan? ScenarioDuration = null)
{
    public TimeSpan Row => RowDuration ?? TimeSpan.FromSeconds(10);

    public TimeSpan Scenario => ScenarioDuration ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads <c>--users N --connections N --row-seconds N --scenario-seconds N</c> (smaller runs while working on one
    /// path); every other argument is a section name.
    /// </summary>
    public static (PerformanceSettings Settings, IReadOnlyList<string> Sections) Parse(IReadOnlyList<string> arguments)
    {
        var settings = new PerformanceSettings();
        var sections = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!arguments[i].StartsWith("--", StringComparison.Ordinal))
            {
                sections.Add(arguments[i]);
                continue;
            }

            var value = i + 1 < arguments.Count && int.TryParse(arguments[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new ArgumentException($"{arguments[i]} needs a positive whole number after it.");
            settings = arguments[i] switch
            {
                "--users" => settings with { Users = value },
                "--connections" => settings with { Connections = value },
                "--row-seconds" => settings with { RowDuration = TimeSpan.FromSeconds(value) },
                "--scenario-seconds" => settings with { ScenarioDuration = TimeSpan.FromSeconds(value) },
                _ => throw new ArgumentException($"Unknown option {arguments[i]}: use --users, --connections, --row-seconds or --scenario-seconds."),
            };
            i++;
        }

        return (settings, sections);
    }
}
