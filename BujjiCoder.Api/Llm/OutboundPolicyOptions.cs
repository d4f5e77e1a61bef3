namespace BujjiCoder.Api.Llm;

/// <summary>
/// Where the Api may send requests for users' own LLM base URLs (configuration section "Llm:Outbound").
/// The defaults allow public internet addresses only.
/// </summary>
internal sealed class OutboundPolicyOptions
{
    public const string SectionName = "Llm:Outbound";

    /// <summary>
    /// Allows loopback, private (RFC 1918, ULA), link-local and shared (CGNAT) addresses, for installations whose
    /// model servers run on the internal network. Cloud metadata endpoints stay refused.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Host names or IP literals (exact match, case-insensitive) that skip the address rule, e.g. "ollama.internal".
    /// Cloud metadata endpoints stay refused.
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];
}
