using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>.github's workflows and local actions as the tests read them: parsed YAML, read with <see cref="Yaml"/>.</summary>
internal static class WorkflowFiles
{
    public static string WorkflowsDirectory { get; } = Path.Combine(SolutionPaths.Root, ".github", "workflows");

    public static string Deploy => Path.Combine(WorkflowsDirectory, "deploy.yml");

    public static IReadOnlyList<string> Workflows() =>
        [.. Directory.EnumerateFiles(WorkflowsDirectory, "*.yml").Concat(Directory.EnumerateFiles(WorkflowsDirectory, "*.yaml")).Order()];

    /// <summary>A local action's metadata, from a step's <c>uses: ./path</c> (relative to the repository root).</summary>
    public static string LocalAction(string uses)
    {
        var directory = Path.Combine(SolutionPaths.Root, uses[2..]);
        return new[] { "action.yml", "action.yaml" }.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No action.yml for `uses: {uses}`.", directory);
    }

    public static YamlMappingNode Load(string path) => Yaml.Parse(File.ReadAllText(path));

    public static IEnumerable<(string Name, YamlMappingNode Job)> Jobs(this YamlMappingNode workflow) =>
        workflow.Mapping("jobs")?.Children.Select(job => (((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value)) ?? [];

    /// <summary>A workflow job's steps, or a composite action's (<c>runs.steps</c>).</summary>
    public static IEnumerable<YamlMappingNode> Steps(this YamlMappingNode jobOrAction) =>
        (jobOrAction.Get("steps") ?? jobOrAction.Mapping("runs")?.Get("steps")) is YamlSequenceNode steps
            ? steps.Children.OfType<YamlMappingNode>()
            : [];
}
