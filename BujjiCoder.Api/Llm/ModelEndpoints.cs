using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

internal sealed record ModelResponse(string Id, string Provider, int ContextWindow, decimal InputPricePerMillion, decimal OutputPricePerMillion, bool IsDefault);

internal static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/models", (ClaimsPrincipal caller, IOptions<LlmOptions> options) =>
        {
            var llm = options.Value;
            var defaultId = llm.Find(null)?.Id;
            return TypedResults.Ok(llm.Models.Where(m => MayUse(caller, m))
                .Select(m => new ModelResponse(m.Id, m.Provider, m.ContextWindow, m.InputPricePerMillion, m.OutputPricePerMillion, m.Id == defaultId))
                .ToList());
        }).WithTags("Models");
        return api;
    }

    /// <summary>A model with no roles listed is for everyone signed in; otherwise the caller needs one of them.</summary>
    public static bool MayUse(ClaimsPrincipal caller, LlmModelOptions model) =>
        model.Roles.Count == 0 || caller.FindAll(TokenClaims.Role).Any(role => model.Roles.Contains(role.Value, StringComparer.OrdinalIgnoreCase));
}
