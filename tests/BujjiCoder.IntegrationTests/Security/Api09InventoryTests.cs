using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API9:2023 Improper Inventory Management. Outside Development the Api serves its API and health probes and
/// nothing else — no OpenAPI document, no Scalar browser, no stray endpoint. In Development the OpenAPI document is
/// a complete inventory: every route the Api answers under <c>/api/v1</c> is documented, and nothing documented is
/// missing from the Api.
/// </summary>
public sealed class Api09InventoryTests(TestInfrastructure infrastructure)
{
    private static readonly string[] DocumentPaths = ["/openapi/v1.json", "/openapi/v1.yaml", "/scalar", "/scalar/v1", "/swagger", "/swagger/v1/swagger.json"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task Outside_development_there_is_no_api_document_and_no_route_beyond_the_api_and_health(string environment)
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment(environment).BuildApiAsync();
        using var http = api.Factory.CreateClient();

        foreach (var path in DocumentPaths)
        {
            using var response = await http.GetAsync(path, Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{environment} GET {path}: {(int)response.StatusCode}");
        }

        var stray = RouteInventory.Of(api.Factory.Services)
            .Where(route => !route.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !route.Pattern.StartsWith("/health/", StringComparison.Ordinal));
        Assert.Empty(stray);
    }

    [Fact]
    public async Task In_development_the_document_and_scalar_are_served_and_the_document_lists_exactly_the_api_routes()
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment("Development").BuildApiAsync();
        using var http = api.Factory.CreateClient();

        using var scalar = await http.GetAsync("/scalar/v1", Cancellation);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}"))
            .ToHashSet();
        var live = RouteInventory.Of(api.Factory.Services)
            .Where(route => route.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Select(route => $"{route.Method} {Normalize(route.Pattern)}")
            .ToHashSet();

        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.True(live.Count >= 50, $"only {live.Count} live routes");
        Assert.True(live.SetEquals(documented),
            $"undocumented: {string.Join(", ", live.Except(documented))}; documented but not served: {string.Join(", ", documented.Except(live))}");
    }

    /// <summary>Both spellings of a template the same way: no catch-all marker, no trailing slash.</summary>
    private static string Normalize(string template) => template.Replace("{**", "{", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal).TrimEnd('/');
}
