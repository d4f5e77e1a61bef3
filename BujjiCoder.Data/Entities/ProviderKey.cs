namespace BujjiCoder.Data.Entities;

/// <summary>A user's own key for one LLM provider ("bring your own key"), encrypted with Data Protection.</summary>
public sealed class ProviderKey
{
    public required string UserId { get; set; }

    /// <summary>The provider's name in the catalogue (<c>Llm:Providers:&lt;name&gt;</c>).</summary>
    public required string Provider { get; set; }

    /// <summary>The key as Data Protection ciphertext; the plain key is never stored, returned or logged.</summary>
    public required string ProtectedKey { get; set; }

    /// <summary>The last four characters, so people can tell their keys apart.</summary>
    public required string Last4 { get; set; }

    /// <summary>Optional endpoint of the user's own server (checked against the outbound address policy).</summary>
    public string? BaseUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
