using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// One route the running Api answers: a method (<c>*</c> for any) and its pattern without constraints, e.g.
/// <c>GET /api/v1/workspaces/{ws}/files/{**path}</c>. Read from the app's own <see cref="EndpointDataSource"/>, so
/// an endpoint added tomorrow shows up here without anyone remembering to list it.
/// </summary>
internal sealed record ApiRoute(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public string Key => $"{Method} {Pattern}";

    public HttpMethod HttpMethod => Method == "*" ? HttpMethod.Get : new HttpMethod(Method);

    public bool HasParameters => Endpoint.RoutePattern.Parameters.Count > 0;

    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>The named policies the endpoint requires (permissions, <c>interactive</c>), from its metadata.</summary>
    public IReadOnlyList<string> Policies =>
        [.. Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>A concrete path: each parameter from <paramref name="values"/>, else a fresh GUID (for <c>:guid</c>) or a harmless word.</summary>
    public string PathWith(Func<string, string?>? values = null) =>
        "/" + string.Join('/', Endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => values?.Invoke(parameter.Name) ?? Sample(parameter),
            _ => throw new InvalidOperationException($"Unexpected route part in {Key}."),
        }))));

    public override string ToString() => Key;

    private static string Sample(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(policy => policy.Content == "guid") ? Guid.NewGuid().ToString() : parameter.IsCatchAll ? "src/probe.txt" : "probe";
}

internal static class RouteInventory
{
    /// <summary>Every route of the Api as it runs in the host behind <paramref name="services"/>.</summary>
    public static IReadOnlyList<ApiRoute> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => new ApiRoute(method, Normalize(endpoint.RoutePattern), endpoint)))
            .OrderBy(route => route.Pattern, StringComparer.Ordinal).ThenBy(route => route.Method, StringComparer.Ordinal)];

    /// <summary>The pattern as written in API.md: segments joined by '/', parameters without constraints or defaults.</summary>
    private static string Normalize(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => string.Create(CultureInfo.InvariantCulture, $"{{{(parameter.IsCatchAll ? "**" : string.Empty)}{parameter.Name}}}"),
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        }))));
}
