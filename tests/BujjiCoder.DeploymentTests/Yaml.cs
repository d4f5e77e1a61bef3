using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests;

/// <summary>
/// YAML as the tests read it (workflows, actions, docker-compose's resolved config): one document, keys looked up by name,
/// a missing key or one of another kind as null, so a test asserts on what it expected rather than catching casts.
/// </summary>
internal static class Yaml
{
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
}
