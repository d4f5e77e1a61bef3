using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Usage;
using BujjiCoder.Workspaces.Prompts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Who asks for a model call and for what: the caller (whose roles decide the model and the budget), the user it is
/// billed to, the workspace, the kind of call as usage records name it (chat, composer, completion) and, for chat, the
/// conversation.
/// </summary>
internal sealed record ModelCallRequest(ClaimsPrincipal Caller, string UserId, Guid WorkspaceId, string Kind, Guid? ConversationId = null);

/// <summary>Why a model call was not made; each becomes the same problem response wherever it happens.</summary>
internal abstract record ModelCallRefusal
{
    public abstract ProblemHttpResult ToProblem(HttpResponse response);
}

/// <summary>The caller's LLM budget is used up: 429 budget-exceeded with the reset time.</summary>
internal sealed record OverBudget(BudgetExceeded Exceeded) : ModelCallRefusal
{
    public override ProblemHttpResult ToProblem(HttpResponse response) => BudgetProblems.Exceeded(Exceeded, response);
}

/// <summary>Neither the server nor the user has a key for the model's provider: 503 no-provider-key.</summary>
internal sealed record NoProviderKey(string Provider) : ModelCallRefusal
{
    public override ProblemHttpResult ToProblem(HttpResponse response) => LlmProblems.NoKey(Provider);
}

/// <summary>A call that may go ahead, or why not.</summary>
internal sealed record ModelCallOpening(MeteredCall? Call, ModelCallRefusal? Refusal)
{
    [MemberNotNullWhen(true, nameof(Refusal))]
    [MemberNotNullWhen(false, nameof(Call))]
    public bool Refused => Call is null;
}

/// <summary>
/// The one way a feature calls a model: choose a model the caller may use, then open the call (budget left? key to reach
/// the provider?), then make it through <see cref="MeteredCall"/>, which records its usage. Features keep only what is
/// theirs: the prompt, and what they do with the reply.
/// </summary>
internal sealed class ModelCalls(
    IOptions<LlmOptions> options, IServiceScopeFactory scopes, ChatClients clients, UsageRecorder usage, TokenCounter tokens, LlmMetrics metrics)
{
    /// <summary>The model <paramref name="id"/> names (the catalogue's default when null), if it exists and the caller may use it.</summary>
    public LlmModelOptions? Choose(ClaimsPrincipal caller, string? id) =>
        options.Value.Find(id) is { } model && model.MayBeUsedBy(caller) ? model : null;

    /// <summary>The configured completion model, if there is one and the caller may use it.</summary>
    public LlmModelOptions? ChooseCompletionModel(ClaimsPrincipal caller) =>
        options.Value.CompletionModel is { } id ? Choose(caller, id) : null;

    /// <summary>
    /// Checks the budget and finds the key (the user's own for the provider, else the server's). An exceeded budget
    /// refuses first, whatever the key. Nothing is recorded for a refused call: no provider was asked.
    /// </summary>
    /// <remarks>
    /// The two look-ups do not depend on each other and both sit before a chat's first token, so they run at once, each
    /// on a DbContext of its own (a context runs one query at a time); neither uses the caller's, which stays free for
    /// the caller's own queries meanwhile.
    /// </remarks>
    public async Task<ModelCallOpening> OpenAsync(ModelCallRequest request, LlmModelOptions model, CancellationToken cancellationToken)
    {
        var budget = scopes.InScopeAsync<BudgetGuard, BudgetExceeded?>(budgets => budgets.CheckAsync(request.Caller, request.UserId, cancellationToken));
        var key = scopes.InScopeAsync<LlmConnections, ResolvedConnection?>(connections => connections.ResolveAsync(request.UserId, model, cancellationToken));
        await Task.WhenAll(budget, key);
        if (await budget is { } exceeded)
        {
            return new ModelCallOpening(null, new OverBudget(exceeded));
        }

        if (await key is not { } connection)
        {
            return new ModelCallOpening(null, new NoProviderKey(model.Provider));
        }

        return new ModelCallOpening(new MeteredCall(request, model, connection, clients, usage, tokens, metrics), null);
    }
}
