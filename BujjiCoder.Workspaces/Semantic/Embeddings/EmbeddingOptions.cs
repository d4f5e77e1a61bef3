using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Semantic.Embeddings;

/// <summary>Where embeddings come from (<c>Retrieval:Embeddings</c>): the model shipped inside the build, or a hosted deployment.</summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string SectionName = "Retrieval:Embeddings";

    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    /// <summary>The hosted service's base address (OpenAI-compatible, or the Azure OpenAI resource).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The hosted model (OpenAI) or deployment (Azure OpenAI) name.</summary>
    [MaxLength(100)]
    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The hosted model's vector length; must be stated because vectors of other lengths are refused.</summary>
    [Range(16, 8192)]
    public int? Dimensions { get; set; }

    /// <summary>
    /// The local model reads at most this many word pieces of a chunk (the rest of a long chunk is not embedded). Its cost grows
    /// with the length, and all-MiniLM-L6-v2 was trained on 128-piece inputs: the retrieval benchmark found 128 both faster
    /// than 256 (1.6× the chunks a second) and no worse at finding code (recall@5 0.714 against 0.699), since a chunk's head,
    /// its comments and signature, says most of what it is about (docs/PERFORMANCE.md, "Semantic retrieval").
    /// </summary>
    [Range(16, 512)]
    public int MaxTokens { get; set; } = 128;

    /// <summary>Texts run through the local model at once.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Cores the local model may use for one batch. One by default: indexing runs beside imports and requests on the same
    /// machine, and must not take every core from them.
    /// </summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == EmbeddingProvider.Local)
        {
            yield break;
        }

        if (Endpoint is null && Provider == EmbeddingProvider.AzureOpenAI)
        {
            yield return new ValidationResult($"{SectionName}:Endpoint is required for {Provider}.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult($"{SectionName}:Model is required for {Provider}.", [nameof(Model)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult($"{SectionName}:ApiKey is required for {Provider}.", [nameof(ApiKey)]);
        }

        if (Dimensions is null)
        {
            yield return new ValidationResult($"{SectionName}:Dimensions is required for {Provider}.", [nameof(Dimensions)]);
        }
    }
}

public enum EmbeddingProvider
{
    Local,
    OpenAI,
    AzureOpenAI,
}
