using System.Security.Claims;
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
            return TypedResults.Ok(llm.Models.Where(m => m.MayBeUsedBy(caller))
                .Select(m => new ModelResponse(m.Id, m.Provider, m.ContextWindow, m.InputPricePerMillion, m.OutputPricePerMillion, m.Id == defaultId))
                .ToList());
        }).WithTags("Models");
        return api;
    }
}
