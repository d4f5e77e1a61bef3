using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>Start-up checks of the catalogue: a mistake stops the process with one line naming the key.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var errors = new List<string>();
        foreach (var (provider, settings) in options.Providers)
        {
            if (settings.Kind is LlmProviderKind.AzureOpenAI or LlmProviderKind.OpenAICompatible && settings.Endpoint is null)
            {
                errors.Add($"Llm:Providers:{provider}:Endpoint must be set for {settings.Kind}.");
            }

            if (settings.KeyVaultSecret is not null && options.KeyVaultUri is null)
            {
                errors.Add($"Llm:Providers:{provider}:KeyVaultSecret needs Llm:KeyVaultUri.");
            }
        }

        for (var i = 0; i < options.Models.Count; i++)
        {
            var model = options.Models[i];
            if (string.IsNullOrWhiteSpace(model.Id))
            {
                errors.Add($"Llm:Models:{i}:Id must be set.");
            }
            else if (!options.Providers.ContainsKey(model.Provider))
            {
                errors.Add($"Llm:Models:{i}:Provider '{model.Provider}' is not under Llm:Providers.");
            }
        }

        var duplicate = options.Models.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            errors.Add($"Llm:Models has the id '{duplicate.Key}' more than once.");
        }

        foreach (var (key, id) in new[] { ("Llm:DefaultModel", options.DefaultModel), ("Llm:CompletionModel", options.CompletionModel) })
        {
            if (id is not null && !options.Models.Exists(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key} '{id}' is not in Llm:Models.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
