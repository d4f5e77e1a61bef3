using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Api.Workspaces.Diffs;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
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
        api.MapWorkspace().WithTags("Composer").RequireAuthorization(Permissions.ChatUse)
            .MapPost("/composer", ComposeAsync).WithRateLimitGroup(RateLimitGroups.Composer)
            .ProducesProblems(StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout)
            .WithFeatureGate(FeatureFlags.Composer).WithRequestTimeout(RequestLimits.LlmTimeout);
        return api;
    }

    private static async Task<Results<Ok<ComposerResponse>, ValidationProblem, ProblemHttpResult>> ComposeAsync(
        Guid ws, ComposerRequest request, WorkspaceCaller caller, ClaimsPrincipal user, HttpResponse httpResponse, WorkspaceStore store, ContextRetriever retriever,
        PromptBuilder prompts, ModelCalls calls, CancellationToken cancellationToken)
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

        if (calls.Choose(user, request.Model) is not { } model)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = ["Not a model you may use; see GET /api/v1/models."] });
        }

        var opening = await calls.OpenAsync(new ModelCallRequest(user, caller.UserId, ws, "composer"), model, cancellationToken);
        if (opening.Refused)
        {
            return opening.Refusal.ToProblem(httpResponse);
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

        ModelReply reply;
        try
        {
            reply = await opening.Call.CompleteAsync(new ModelPrompt(plan.Messages, new ChatOptions { MaxOutputTokens = model.MaxOutputTokens }, plan.PromptTokens), cancellationToken);
        }
        catch (LlmProviderException failure)
        {
            return LlmProblems.From(failure, httpResponse);
        }

        var (summary, diff) = Split(reply.Text);
        var patches = diff.Length == 0 ? [] : DiffPlan.Parse(diff, out _);
        if (diff.Length == 0 || patches.Count == 0)
        {
            // The model answered without a usable diff: say so, propose nothing.
            return TypedResults.Ok(new ComposerResponse(reply.Text.Trim(), diff, false, [], reply.Usage));
        }

        var preview = await DiffPlan.EvaluateAsync(patches, async path =>
        {
            var stored = await store.ReadAsync(ws, path, cancellationToken);
            return (stored is not null, stored?.Text);
        });
        return TypedResults.Ok(new ComposerResponse(summary, diff, preview.All(p => p.Result.Applies), [.. preview.Select(p => p.Preview)], reply.Usage));
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
