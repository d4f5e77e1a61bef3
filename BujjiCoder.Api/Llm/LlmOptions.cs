using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// The <c>Llm</c> section: providers (how to reach them and the server-wide key) and the model catalogue (what
/// people may pick, what it costs, who may use it). Keys come from configuration, the environment or Key Vault.
/// </summary>
internal sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public Dictionary<string, LlmProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<LlmModelOptions> Models { get; set; } = [];

    /// <summary>Catalogue id used when a conversation names no model; the first model when unset.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Catalogue id of the model asked for one completion suggestion; none when unset.</summary>
    public string? CompletionModel { get; set; }

    /// <summary>How long a cached reply is served (when the ResponseCache feature is on and the model's answers are cacheable).</summary>
    public TimeSpan ResponseCacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>When set, provider keys named by <c>KeyVaultSecret</c> are read from this vault.</summary>
    public Uri? KeyVaultUri { get; set; }

    public LlmModelOptions? Find(string? id) =>
        Models.Find(m => string.Equals(m.Id, id ?? DefaultModel ?? Models.FirstOrDefault()?.Id, StringComparison.OrdinalIgnoreCase));
}

internal sealed class LlmProviderOptions
{
    public LlmProviderKind Kind { get; set; }

    /// <summary>Base URL; required for Azure OpenAI and OpenAI-compatible servers, optional otherwise.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The server-wide key (from a secret store or the environment, never from a committed file).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Name of the Key Vault secret holding the key, when <c>Llm:KeyVaultUri</c> is set.</summary>
    public string? KeyVaultSecret { get; set; }

    public string? AzureApiVersion { get; set; }
}

internal sealed class LlmModelOptions
{
    [Required]
    public string Id { get; set; } = string.Empty;

    [Required]
    public string Provider { get; set; } = string.Empty;

    /// <summary>The provider's name for the model (or the Azure deployment); the catalogue id when unset.</summary>
    public string? UpstreamModel { get; set; }

    [Range(512, 10_000_000)]
    public int ContextWindow { get; set; } = 128_000;

    [Range(16, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 4_096;

    [Range(0, 10_000)]
    public decimal InputPricePerMillion { get; set; }

    [Range(0, 10_000)]
    public decimal OutputPricePerMillion { get; set; }

    /// <summary>Sent with every call when set; 0 makes replies deterministic enough to cache.</summary>
    [Range(0, 2)]
    public float? Temperature { get; set; }

    /// <summary>Cache replies even at a temperature above 0 (the operator accepts repeated answers).</summary>
    public bool CacheResponses { get; set; }

    public bool Cacheable => Temperature == 0 || CacheResponses;

    /// <summary>Roles that may use the model; everyone signed in when empty.</summary>
    public List<string> Roles { get; set; } = [];

    public string Upstream => UpstreamModel ?? Id;

    /// <summary>A model with no roles listed is for everyone signed in; otherwise the caller needs one of them.</summary>
    public bool MayBeUsedBy(ClaimsPrincipal caller) =>
        Roles.Count == 0 || caller.FindAll(TokenClaims.Role).Any(role => Roles.Contains(role.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>Cost in millionths of a dollar: tokens × price per million tokens / 1e6 × 1e6.</summary>
    public long CostMicroUsd(int inputTokens, int outputTokens) =>
        (long)Math.Round((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion), MidpointRounding.AwayFromZero);
}
