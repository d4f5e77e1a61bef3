using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>How the Api fails and documents itself per environment.</summary>
public sealed class ErrorAndDocumentTests(TestInfrastructure infrastructure)
{
    private const string Secret = "connection to 10.1.2.3 failed at /srv/internal/secret.cs";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unhandled_exception_in_production_is_a_500_problem_without_internals()
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment("Production")
            .WithServices(services => services.AddSingleton<IStartupFilter, ThrowingEndpoint>()).BuildApiAsync();
        using var client = api.Factory.CreateClient();

        using var response = await client.GetAsync(ThrowingEndpoint.Path, Cancellation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("10.1.2.3", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task OpenApi_document_and_Scalar_are_served_in_development()
    {
        await using var api = await TestHost.Sqlite().InEnvironment("Development").BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);
        using var scalar = await client.GetAsync("/scalar/v1", Cancellation);

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/info", out var info));
        Assert.True(info.TryGetProperty("get", out _));
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_not_served_in_production()
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment("Production").BuildApiAsync();
        using var client = api.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/v1", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Info_names_configured_providers_but_never_their_keys()
    {
        await using var api = await TestHost.Sqlite()
            .With("Llm:Providers:OpenAI:ApiKey", "sk-test-do-not-leak-4242")
            .With("Llm:Providers:Anthropic:ApiKey", "sk-ant-do-not-leak-4242")
            .BuildApiAsync();
        using var client = api.Factory.CreateClient();

        var body = await client.GetStringAsync("/api/v1/info", Cancellation);

        Assert.Equal(["Anthropic", "OpenAI"], JsonDocument.Parse(body).RootElement.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain("4242", body, StringComparison.Ordinal);
    }

    /// <summary>Adds a route that throws, after the Api's own pipeline, so the Api's exception handling is what answers.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public const string Path = "/test/throw";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
                context.Request.Path == Path ? throw new InvalidOperationException(Secret) : nextMiddleware(context));
        };
    }
}
