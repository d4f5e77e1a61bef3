namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>.github/workflows as actionlint sees them: syntax, expressions, contexts, runner labels, known actions' inputs.</summary>
public sealed class ActionlintTests
{
    [Fact]
    public async Task Actionlint_finds_nothing_in_the_workflows()
    {
        Assert.NotEmpty(WorkflowFiles.Workflows());

        var (exitCode, output) = await Actionlint.RunAsync(".github/workflows/*.{yml,yaml}");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Checking {WorkflowFiles.Workflows().Count} workflow file(s)", output);
    }

    [Fact]
    public async Task Actionlint_reports_an_unknown_context_property_and_an_undeclared_action_input()
    {
        using var directory = TemporaryDirectory.Create("wf-actionlint");
        var workflow = Path.Combine(directory.Path, "broken.yml");
        await File.WriteAllTextAsync(workflow, """
            on: push
            permissions: {}
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4
                    with:
                      depth: 1
                  - run: echo "${{ github.no_such_property }}"
            """, TestContext.Current.CancellationToken);

        var (exitCode, output) = await Actionlint.RunAsync(workflow);

        Assert.True(exitCode != 0, output);
        Assert.Contains("input \"depth\" is not defined", output);
        Assert.Contains("property \"no_such_property\" is not defined", output);
    }
}
