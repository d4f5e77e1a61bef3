using System.Text.Json.Nodes;

namespace BujjiCoder.DeploymentTests.Azure;

/// <summary>infra/ compiles and lints with no diagnostic at all, under infra/bicepconfig.json's rules (all errors).</summary>
public sealed class BicepBuildTests
{
    public static TheoryData<string> Environments => ["dev", "staging", "production"];

    [Fact]
    public async Task The_main_template_builds_with_no_warning()
    {
        var result = await Bicep.Run(null, "build", Bicep.MainTemplate, "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Error), $"bicep build reported:\n{result.Error}");
        Assert.Equal("subscriptionDeploymentTemplate", TemplateKind(JsonNode.Parse(result.Output)!));
    }

    [Fact]
    public async Task Every_bicep_file_lints_with_no_warning()
    {
        var files = Bicep.BicepFiles().ToList();
        Assert.True(files.Count >= 8, $"Only {files.Count} Bicep files found under {Bicep.InfraDirectory}.");

        foreach (var file in files)
        {
            var result = await Bicep.Run(null, "lint", file);

            Assert.True(result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.Error) && string.IsNullOrWhiteSpace(result.Output),
                $"bicep lint {Path.GetRelativePath(SolutionPaths.Root, file)}: {result}");
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_parameters_file_builds_and_lints_for_each_environment(string environment)
    {
        var variables = new Dictionary<string, string>(AzureDeployment.Secrets)
        {
            ["AZURE_ENV_NAME"] = environment,
            ["AZURE_LOCATION"] = "westeurope",
        };

        var lint = await Bicep.Run(variables, "lint", Bicep.MainParameters);
        var build = await Bicep.Run(variables, "build-params", Bicep.MainParameters, "--stdout");

        Assert.True(lint.ExitCode == 0 && string.IsNullOrWhiteSpace(lint.Error), $"bicep lint main.bicepparam: {lint}");
        Assert.True(build.ExitCode == 0 && string.IsNullOrWhiteSpace(build.Error), $"bicep build-params: {build}");
        var parameters = JsonNode.Parse((string)JsonNode.Parse(build.Output)!["parametersJson"]!)!["parameters"]!;
        // BUJJI_ENVIRONMENT_TYPE left unset: the azd environment's name picks the profile.
        Assert.Equal(environment, (string?)parameters["environmentType"]?["value"]);
    }

    [Fact]
    public async Task An_environment_name_that_is_no_profile_is_refused_before_anything_is_deployed()
    {
        var variables = new Dictionary<string, string>(AzureDeployment.Secrets)
        {
            ["AZURE_ENV_NAME"] = "bujji-prod",
            ["AZURE_LOCATION"] = "westeurope",
        };

        var build = await Bicep.Run(variables, "build-params", Bicep.MainParameters, "--stdout");

        Assert.NotEqual(0, build.ExitCode);
    }

    private static string TemplateKind(JsonNode template) =>
        ((string)template["$schema"]!).Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal)
            ? "subscriptionDeploymentTemplate"
            : (string)template["$schema"]!;
}
