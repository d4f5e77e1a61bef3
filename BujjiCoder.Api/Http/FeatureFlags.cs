namespace BujjiCoder.Api.Http;

/// <summary>The feature flags (<c>FeatureManagement:&lt;name&gt;</c>), switchable per environment without a deployment.</summary>
internal static class FeatureFlags
{
    public const string Completion = "Completion";
    public const string Composer = "Composer";
    public const string ResponseCache = "ResponseCache";

    /// <summary>Semantic and hybrid search, hybrid retrieval for chat and composer, and the indexer behind them.</summary>
    public const string SemanticSearch = BujjiCoder.Workspaces.Semantic.SemanticSearchFeature.Flag;

    /// <summary>Off closes registration whatever <c>Auth:RegistrationMode</c> says (a switch for an incident).</summary>
    public const string Registration = "Registration";
}
