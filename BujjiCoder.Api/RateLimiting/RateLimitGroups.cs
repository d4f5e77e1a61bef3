namespace BujjiCoder.Api.RateLimiting;

/// <summary>Endpoint groups with a quota of their own, on top of the caller's (see <c>RateLimiting:Groups</c>).</summary>
internal static class RateLimitGroups
{
    /// <summary>Register, login and refresh: counted per client IP, strict, against credential stuffing.</summary>
    public const string Auth = "auth";

    public const string Chat = "chat";

    public const string Composer = "composer";

    public const string Import = "import";

    public const string Search = "search";

    public static readonly string[] All = [Auth, Chat, Composer, Import, Search];
}

/// <summary>Endpoint metadata naming the group an endpoint's requests count against.</summary>
internal sealed record RateLimitGroupMetadata(string Name);

internal static class RateLimitGroupExtensions
{
    public static TBuilder WithRateLimitGroup<TBuilder>(this TBuilder builder, string group)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RateLimitGroupMetadata(group));
}
