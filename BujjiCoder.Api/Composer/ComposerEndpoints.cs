using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Chat;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Usage;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Api.Workspaces.Diffs;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement.AspNetCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Diffs;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Composer;

public sealed record ComposerRequest(
    [property: Required, StringLength(20_000, MinimumLength = 1)] string? Instruction,
    [property: MaxLength(20)] IReadOnlyList<string>? Paths,
    [property: StringLength(100)] string? Model);

/// <summary>A proposal: what the model says it did, its diff, and what that diff would do to each file right now.</summary>
internal sealed record ComposerResponse(string Summary, string Diff, bool Applies, IReadOnlyList<FilePreview> Files, TurnUsage Usage);

/// <summary>
/// Asks the model for a multi-file change as a unified diff and checks it with the diff preview. Nothing is
/// written: the caller reviews the proposal and applies it with <c>diff/apply</c>.
/// </summary>
internal static partial class ComposerEndpoints
{
    private const string Instructions =
        "You change code in the user's workspace. Reply with a short summary of the change, then exactly one ```diff fenced block holding "
        + "a unified diff in git format (paths relative to the workspace root with a/ and b/ prefixes, three lines of context, "
        + "--- /dev/null for new files). Change only what the instruction needs.";

    public static RouteGroupBuilder MapComposerEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{ws:guid}/composer", ComposeAsync).WithTags("Composer").RequireAuthorization(Permissions.ChatUse).WithRateLimitGroup(RateLimitGroups.Composer)
            .Produces<ComposerResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .WithFeatureGate(FeatureFlags.Composer).WithRequestTimeout(RequestLimits.LlmTimeout);
        return api;
    }

    private static async Task<IResult> ComposeAsync(
        Guid ws, ComposerRequest request, ClaimsPrincipal caller, HttpResponse httpResponse, WorkspaceAccessor access, WorkspaceStore store,
        ContextRetriever retriever, PromptBuilder prompts, TokenCounter tokens, LlmConnections connections, ChatClients clients, UsageRecorder usage,
        BudgetGuard budgets, IOptions<LlmOptions> llm, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var raw in request.Paths ?? [])
        {
            if (!WorkspacePath.TryNormalize(raw, out var path, out var error))
            {
                return WorkspaceProblems.InvalidPath(error);
            }

            paths.Add(path);
        }

        var gate = await access.AuthorizeAsync(caller, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        if (llm.Value.Find(request.Model) is not { } model || !ModelEndpoints.MayUse(caller, model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = ["Not a model you may use; see GET /api/v1/models."] });
        }

        if (await budgets.CheckAsync(caller, gate.UserId, cancellationToken) is { } overBudget)
        {
            return BudgetProblems.Exceeded(overBudget);
        }

        if (await connections.ResolveAsync(gate.UserId, model, cancellationToken) is not { } connection)
        {
            return LlmProblems.NoKey(model.Provider);
        }

        // The named files whole (they are what the change is about), then whatever the search finds for the instruction.
        var snippets = new List<RetrievedSnippet>();
        foreach (var path in paths)
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            if (stored?.Text is not { } text)
            {
                return WorkspaceProblems.FileNotFound(path);
            }

            snippets.Add(new RetrievedSnippet(path, 1, text.Split('\n').Length, text, double.MaxValue));
        }

        snippets.AddRange(await retriever.RetrieveAsync(ws, request.Instruction!, cancellationToken));
        var rules = (await store.ReadRulesAsync(ws, cancellationToken))?.Text;
        var plan = prompts.Build(new PromptRequest(Instructions, rules, snippets, [], request.Instruction!, model.ContextWindow, model.MaxOutputTokens));

        var call = new LlmCallContext(gate.UserId, ws, null, "composer", model, connection.ProviderName);
        var clock = Stopwatch.StartNew();
        string reply;
        UsageDetails? reported;
        using (var client = clients.Create(connection))
        {
            try
            {
                var response = await client.GetResponseAsync(plan.Messages, new ChatOptions { MaxOutputTokens = model.MaxOutputTokens }, cancellationToken);
                (reply, reported) = (response.Text, response.Usage);
            }
            catch (LlmProviderException failure)
            {
                await usage.RecordAsync(call, plan.PromptTokens, 0, clock.Elapsed, "error");
                return LlmProblems.From(failure, httpResponse);
            }
        }

        var used = TurnUsage.Measure(model, reported, plan.PromptTokens, reply, tokens);
        await usage.RecordAsync(call, used.InputTokens, used.OutputTokens, clock.Elapsed, "success");

        var (summary, diff) = Split(reply);
        var patches = diff.Length == 0 ? [] : DiffPlan.Parse(diff, out _);
        if (diff.Length == 0 || patches.Count == 0)
        {
            // The model answered without a usable diff: say so, propose nothing.
            return TypedResults.Ok(new ComposerResponse(reply.Trim(), diff, false, [], used));
        }

        var preview = await DiffPlan.EvaluateAsync(patches, async path =>
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            return (stored is not null, stored?.Text);
        });
        return TypedResults.Ok(new ComposerResponse(summary, diff, preview.All(p => p.Result.Applies), [.. preview.Select(p => p.Preview)], used));
    }

    /// <summary>The prose before the first diff fence (or header), and the diff itself.</summary>
    internal static (string Summary, string Diff) Split(string reply)
    {
        var fenced = DiffFence().Match(reply);
        if (fenced.Success)
        {
            return (reply[..fenced.Index].Trim(), fenced.Groups["diff"].Value.TrimEnd() + "\n");
        }

        var start = DiffStart().Match(reply);
        return start.Success ? (reply[..start.Index].Trim(), reply[start.Index..].TrimEnd() + "\n") : (reply.Trim(), string.Empty);
    }

    [GeneratedRegex(@"```(?:diff|patch)[^\n]*\n(?<diff>.*?)```", RegexOptions.Singleline)]
    private static partial Regex DiffFence();

    [GeneratedRegex(@"^(diff --git |--- )", RegexOptions.Multiline)]
    private static partial Regex DiffStart();
}
