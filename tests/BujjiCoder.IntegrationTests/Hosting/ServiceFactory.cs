using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// A real service in process (its Program, middleware, migrations and health checks) with settings
/// given as configuration keys, exactly as an operator would set them. <typeparamref name="TEntryPoint"/>
/// is the Api's <c>Program</c> or the Worker's <c>worker::Program</c>.
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(string environment, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    /// <summary>A per-run random key; a test that wants another key sets <c>Auth:Jwt:SigningKey</c> itself.</summary>
    public static readonly string TestSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Auth:Jwt:SigningKey", TestSigningKey);
        // Hosts share one Redis: each counts under its own prefix, and only tests about rate limits switch them on
        // (the rest register and sign in far more often than any real client would).
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("RateLimiting:KeyPrefix", $"test:{Guid.NewGuid():N}:");
        // Semantic indexing embeds every file a test writes, on a core of its own: only the tests about it switch it on.
        builder.UseSetting("FeatureManagement:SemanticSearch", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
