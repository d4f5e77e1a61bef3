using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>.github's workflows and local actions as the tests read them: parsed YAML, keys looked up by name.</summary>
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

    public static YamlMappingNode Load(string path) => Parse(File.ReadAllText(path));

    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Mapping(this YamlMappingNode node, string key) => node.Get(key) as YamlMappingNode;

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<(string Name, YamlMappingNode Job)> Jobs(this YamlMappingNode workflow) =>
        workflow.Mapping("jobs")?.Children.Select(job => (((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value)) ?? [];

    /// <summary>A workflow job's steps, or a composite action's (<c>runs.steps</c>).</summary>
    public static IEnumerable<YamlMappingNode> Steps(this YamlMappingNode jobOrAction) =>
        (jobOrAction.Get("steps") ?? jobOrAction.Mapping("runs")?.Get("steps")) is YamlSequenceNode steps
            ? steps.Children.OfType<YamlMappingNode>()
            : [];
}
