using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>The rules the workflow tests hold every workflow to, each returning what breaks it (empty when nothing does).</summary>
internal static partial class WorkflowRules
{
    /// <summary>
    /// The repository secrets deploy.yml may read: the application's own (the database password, the JWT signing key,
    /// the model providers' keys). None of them signs in to a cloud: Azure is reached with the job's OIDC token exchanged
    /// through a federated credential, so there is no client secret or credentials JSON to leak.
    /// </summary>
    private static readonly HashSet<string> DeploySecrets = ["BUJJI_POSTGRES_ADMIN_PASSWORD", "BUJJI_JWT_SIGNING_KEY", "BUJJI_LLM_PROVIDER_API_KEYS"];

    /// <summary>A top-level <c>permissions</c> (so a job gets no more than the workflow allows), never <c>write-all</c>.</summary>
    public static IEnumerable<string> PermissionFindings(YamlMappingNode workflow)
    {
        var permissions = workflow.Get("permissions");
        if (permissions is null)
        {
            yield return "no top-level `permissions`: the token would get the repository's default, possibly write-all";
        }
        else if (permissions is YamlScalarNode { Value: "write-all" })
        {
            yield return "top-level `write-all`";
        }

        foreach (var (name, job) in workflow.Jobs())
        {
            if (job.Get("permissions") is YamlScalarNode { Value: "write-all" })
            {
                yield return $"job {name}: `write-all`";
            }
        }
    }

    /// <summary>
    /// No stored cloud credential anywhere in the workflow or the local actions it uses, and every job that signs in to
    /// Azure does so with its OIDC token: <c>id-token: write</c>, azure/login by client/tenant/subscription id only, azd
    /// with the GitHub federated credential provider.
    /// </summary>
    public static IEnumerable<string> CloudSecretFindings(string workflowPath)
    {
        var workflow = WorkflowFiles.Load(workflowPath);
        var signsIn = false;
        foreach (var (name, job) in workflow.Jobs())
        {
            var steps = job.Steps().SelectMany(ExpandLocalAction).ToList();
            var jobSignsIn = false;
            foreach (var step in steps)
            {
                if (step.Scalar("uses")?.StartsWith("azure/login@", StringComparison.OrdinalIgnoreCase) == true)
                {
                    jobSignsIn = true;
                    var with = step.Mapping("with");
                    foreach (var input in new[] { "client-id", "tenant-id", "subscription-id" }.Where(input => with?.Get(input) is null))
                    {
                        yield return $"job {name}: azure/login without `{input}`";
                    }

                    foreach (var input in new[] { "creds", "client-secret" }.Where(input => with?.Get(input) is not null))
                    {
                        yield return $"job {name}: azure/login with `{input}`, a stored credential";
                    }
                }

                if (step.Scalar("run") is { } run && run.Contains("azd auth login", StringComparison.Ordinal))
                {
                    jobSignsIn = true;
                    if (!run.Contains("--federated-credential-provider github", StringComparison.Ordinal))
                    {
                        yield return $"job {name}: `azd auth login` without `--federated-credential-provider github`";
                    }
                }
            }

            signsIn |= jobSignsIn;
            if (jobSignsIn && job.Mapping("permissions")?.Scalar("id-token") != "write")
            {
                yield return $"job {name}: signs in to Azure without `permissions: id-token: write` (no OIDC token to exchange)";
            }
        }

        if (!signsIn)
        {
            yield return "no job signs in to Azure (azure/login or azd auth login)";
        }

        var texts = new[] { File.ReadAllText(workflowPath) }.Concat(LocalActionsUsedBy(workflow).Select(File.ReadAllText));
        foreach (var text in texts)
        {
            foreach (var secret in SecretReference().Matches(text).Select(m => m.Groups[1].Value).Distinct())
            {
                if (!DeploySecrets.Contains(secret))
                {
                    yield return $"reads secrets.{secret}: only {string.Join(", ", DeploySecrets)} may be stored; Azure is reached by OIDC";
                }
            }

            foreach (var credential in StoredCredential().Matches(text).Select(m => m.Value).Distinct())
            {
                yield return $"mentions `{credential}`: a stored cloud credential";
            }
        }
    }

    /// <summary>A <c>uses: ./…</c> step passes only inputs its action.yml declares, and every required one without a default.</summary>
    public static IEnumerable<string> LocalActionInputFindings(string workflow, YamlMappingNode step)
    {
        var uses = step.Scalar("uses")!;
        var declared = WorkflowFiles.Load(WorkflowFiles.LocalAction(uses)).Mapping("inputs")?.Children
            .ToDictionary(input => ((YamlScalarNode)input.Key).Value!, input => (YamlMappingNode)input.Value) ?? [];
        var given = step.Mapping("with")?.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToHashSet() ?? [];

        foreach (var input in given.Where(input => !declared.ContainsKey(input)))
        {
            yield return $"{workflow}: {uses} given undeclared input `{input}`";
        }

        foreach (var (input, _) in declared.Where(d => d.Value.Scalar("required") == "true" && d.Value.Get("default") is null && !given.Contains(d.Key)))
        {
            yield return $"{workflow}: {uses} not given its required input `{input}`";
        }
    }

    private static IEnumerable<YamlMappingNode> ExpandLocalAction(YamlMappingNode step) =>
        step.Scalar("uses")?.StartsWith("./", StringComparison.Ordinal) == true
            ? WorkflowFiles.Load(WorkflowFiles.LocalAction(step.Scalar("uses")!)).Steps()
            : [step];

    private static IEnumerable<string> LocalActionsUsedBy(YamlMappingNode workflow) =>
        workflow.Jobs().SelectMany(job => job.Job.Steps())
            .Select(step => step.Scalar("uses"))
            .Where(uses => uses?.StartsWith("./", StringComparison.Ordinal) == true)
            .Distinct()
            .Select(uses => WorkflowFiles.LocalAction(uses!));

    [GeneratedRegex(@"secrets\.([A-Za-z0-9_]+)")]
    private static partial Regex SecretReference();

    [GeneratedRegex(@"AZURE_CREDENTIALS|AZURE_CLIENT_SECRET|client-secret|creds:", RegexOptions.IgnoreCase)]
    private static partial Regex StoredCredential();
}
