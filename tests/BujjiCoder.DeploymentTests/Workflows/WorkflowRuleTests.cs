using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>
/// What actionlint does not check: every workflow limits its token, the deploy workflow reaches Azure by OIDC only,
/// production waits for its reviewers and deploys never overlap, and local actions get the inputs they declare.
/// </summary>
public sealed class WorkflowRuleTests
{
    public static TheoryData<string> Workflows() => [.. WorkflowFiles.Workflows().Select(file => Path.GetFileName(file))];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_workflow_declares_its_token_permissions_and_none_grants_write_all(string file)
    {
        var workflow = WorkflowFiles.Load(Path.Combine(WorkflowFiles.WorkflowsDirectory, file));

        var findings = WorkflowRules.PermissionFindings(workflow).ToList();

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory]
    [InlineData("jobs: { a: { runs-on: ubuntu-24.04, steps: [ { run: 'true' } ] } }", "no top-level `permissions`")]
    [InlineData("permissions: write-all\njobs: {}", "`write-all`")]
    [InlineData("permissions: {}\njobs: { a: { permissions: write-all, runs-on: ubuntu-24.04 } }", "job a")]
    public void The_permission_rule_rejects_a_missing_declaration_and_write_all(string yaml, string expected)
    {
        var findings = WorkflowRules.PermissionFindings(Yaml.Parse(yaml));

        Assert.Contains(findings, finding => finding.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_deploy_workflow_signs_in_to_Azure_with_OIDC_and_uses_no_stored_cloud_secret()
    {
        var findings = WorkflowRules.CloudSecretFindings(WorkflowFiles.Deploy).ToList();

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Theory]
    [InlineData("      - uses: azure/login@v2\n        with:\n          creds: ${{ secrets.AZURE_CREDENTIALS }}\n", "secrets.AZURE_CREDENTIALS")]
    [InlineData("      - run: az login --service-principal -u x -p \"$AZURE_CLIENT_SECRET\" --tenant t\n", "AZURE_CLIENT_SECRET")]
    [InlineData("      - run: azd auth login --client-id x --client-secret y --tenant-id t\n", "mentions `client-secret`")]
    [InlineData("      - run: echo\n        env:\n          TOKEN: ${{ secrets.AZURE_SP_PASSWORD }}\n", "secrets.AZURE_SP_PASSWORD")]
    public void The_cloud_secret_rule_rejects_stored_credentials(string step, string expected)
    {
        using var directory = TemporaryDirectory.Create("wf-deploy");
        var workflow = Path.Combine(directory.Path, "deploy.yml");
        File.WriteAllText(workflow, $$"""
            on: push
            permissions: {}
            jobs:
              deploy:
                runs-on: ubuntu-24.04
                permissions:
                  id-token: write
                steps:
            {{step}}
            """);

        var findings = WorkflowRules.CloudSecretFindings(workflow);

        Assert.Contains(findings, finding => finding.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_cloud_secret_rule_requires_an_OIDC_token_for_every_job_that_signs_in_to_Azure()
    {
        using var directory = TemporaryDirectory.Create("wf-deploy");
        var workflow = Path.Combine(directory.Path, "deploy.yml");
        File.WriteAllText(workflow, """
            on: push
            permissions: {}
            jobs:
              deploy:
                runs-on: ubuntu-24.04
                permissions:
                  contents: read
                steps:
                  - uses: azure/login@v2
                    with:
                      client-id: ${{ vars.AZURE_CLIENT_ID }}
                      tenant-id: ${{ vars.AZURE_TENANT_ID }}
                      subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}
            """);

        Assert.Contains(WorkflowRules.CloudSecretFindings(workflow), finding => finding.Contains("id-token: write", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_waits_for_its_environment_after_staging_and_deploys_queue_instead_of_overlapping()
    {
        var deploy = WorkflowFiles.Load(WorkflowFiles.Deploy);
        var jobs = deploy.Jobs().ToDictionary(job => job.Name, job => job.Job);

        var concurrency = deploy.Mapping("concurrency");
        Assert.NotNull(concurrency);
        Assert.False(string.IsNullOrEmpty(concurrency.Scalar("group")));
        Assert.Equal("false", concurrency.Scalar("cancel-in-progress"));

        Assert.Equal("staging", EnvironmentName(jobs["staging"]));
        Assert.Equal("production", EnvironmentName(jobs["production"]));
        Assert.Equal("staging", jobs["production"].Scalar("needs"));
        Assert.Equal("production", jobs["rollback"].Scalar("needs"));
    }

    [Fact]
    public void Local_actions_are_given_every_required_input_and_only_inputs_they_declare()
    {
        var findings = WorkflowFiles.Workflows()
            .SelectMany(file => WorkflowFiles.Load(file).Jobs().SelectMany(job => job.Job.Steps()).Select(step => (file, step)))
            .Where(use => use.step.Scalar("uses")?.StartsWith("./", StringComparison.Ordinal) == true)
            .SelectMany(use => WorkflowRules.LocalActionInputFindings(Path.GetFileName(use.file), use.step))
            .ToList();

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void The_local_action_rule_rejects_an_undeclared_and_a_missing_required_input()
    {
        var step = (YamlMappingNode)Yaml.Parse("""
            step:
              uses: ./.github/actions/smoke-test
              with:
                adress: https://example.org
            """).Get("step")!;

        var findings = WorkflowRules.LocalActionInputFindings("test.yml", step);

        Assert.Contains(findings, finding => finding.Contains("undeclared input `adress`", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("required input `url`", StringComparison.Ordinal));
    }

    private static string? EnvironmentName(YamlMappingNode job) =>
        job.Get("environment") switch
        {
            YamlScalarNode name => name.Value,
            YamlMappingNode environment => environment.Scalar("name"),
            _ => null,
        };
}
