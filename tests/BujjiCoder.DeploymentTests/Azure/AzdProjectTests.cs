using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>
/// azure.yaml against the rules of azd's schema (schemas/v1.0/azure.yaml.json in Azure/azure-dev) that apply to it:
/// a valid name, services each with a host, a container app built from exactly one of project or image and never with
/// k8s settings, docker settings limited to the schema's keys, and the bicep infra azd will provision.
/// </summary>
public sealed partial class AzdProjectTests
{
    private static readonly string ProjectFile = Path.Combine(SolutionPaths.Root, "azure.yaml");

    // The schema's docker definition has additionalProperties false: these are all it allows.
    private static readonly string[] DockerKeys = ["path", "context", "platform", "registry", "image", "tag", "buildArgs", "network", "remoteBuild"];

    private static readonly string[] ServiceKeys =
        ["apiVersion", "resourceGroup", "resourceName", "project", "image", "host", "language", "module", "dist", "remoteBuild", "docker", "k8s", "config", "uses", "env", "hooks"];

    [Fact]
    public void The_project_has_a_name_azd_accepts_and_provisions_infra_main_bicep()
    {
        var project = Load();

        var name = Scalar(project, "name");
        Assert.True(name.Length >= 2 && AzdName().IsMatch(name), $"azd refuses the name '{name}'.");
        var infra = Mapping(project, "infra");
        Assert.Equal("bicep", Scalar(infra, "provider"));
        var module = Path.Combine(SolutionPaths.Root, Scalar(infra, "path"), Scalar(infra, "module"));
        Assert.True(File.Exists(module + ".bicep"), $"{module}.bicep does not exist.");
        Assert.True(File.Exists(module + ".bicepparam"), $"{module}.bicepparam does not exist.");
        if (project.Children.ContainsKey("pipeline"))
        {
            Assert.Contains(Scalar(Mapping(project, "pipeline"), "provider"), new[] { "github", "azdo" });
        }

        if (project.Children.ContainsKey("requiredVersions"))
        {
            Assert.All(Mapping(project, "requiredVersions").Children.Keys, key => Assert.Contains(key.ToString(), new[] { "azd", "extensions" }));
        }
    }

    [Fact]
    public void Every_service_is_a_container_app_built_from_its_dockerfile_with_the_repository_as_context()
    {
        var services = Mapping(Load(), "services");

        Assert.Equal(["api", "web", "worker"], services.Children.Keys.Select(key => key.ToString()).Order());
        Assert.All(services.Children, service =>
        {
            var name = service.Key.ToString();
            var settings = (YamlMappingNode)service.Value;

            Assert.All(settings.Children.Keys, key => Assert.Contains(key.ToString(), ServiceKeys));
            Assert.Equal("containerapp", Scalar(settings, "host"));
            // Container apps: exactly one of project and image, and no k8s section.
            Assert.True(settings.Children.ContainsKey("project") ^ settings.Children.ContainsKey("image"), $"{name}: project or image, not both.");
            Assert.False(settings.Children.ContainsKey("k8s"));

            var docker = Mapping(settings, "docker");
            Assert.All(docker.Children, setting =>
            {
                Assert.Contains(setting.Key.ToString(), DockerKeys);
                var value = setting.Value.ToString();
                Assert.True(setting.Key.ToString() switch
                {
                    "remoteBuild" => value is "true" or "false",
                    "buildArgs" => setting.Value is YamlSequenceNode,
                    _ => setting.Value is YamlScalarNode,
                }, $"{name}: docker.{setting.Key} has the wrong type.");
            });

            // azd resolves docker paths from the service's project folder: here the repository root.
            var projectFolder = Path.GetFullPath(Path.Combine(SolutionPaths.Root, Scalar(settings, "project")));
            Assert.Equal(SolutionPaths.Root.TrimEnd('/'), projectFolder.TrimEnd('/'));
            Assert.Equal($"deploy/images/{name}.Dockerfile", Scalar(docker, "path"));
            Assert.Equal(SolutionPaths.Root.TrimEnd('/'), Path.GetFullPath(Path.Combine(projectFolder, Scalar(docker, "context"))).TrimEnd('/'));
        });
    }

    [Fact]
    public async Task Every_service_has_one_container_app_azd_finds_by_its_service_name_tag()
    {
        var deployment = await AzureDeployment.For("dev");

        // ContainerApp asserts there is exactly one app tagged azd-service-name: <service>.
        Assert.All(Mapping(Load(), "services").Children.Keys, service => deployment.ContainerApp(service.ToString()));
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(ProjectFile);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlMappingNode mapping
            ? mapping
            : throw new Xunit.Sdk.XunitException($"azure.yaml: '{key}' is missing or not a mapping.");

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { } text }
            ? text
            : throw new Xunit.Sdk.XunitException($"azure.yaml: '{key}' is missing or not a string.");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex AzdName();
}
