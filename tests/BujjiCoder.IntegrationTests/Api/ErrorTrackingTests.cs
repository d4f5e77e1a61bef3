extern alias worker;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sentry;
using worker::BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>
/// Error tracking against a loopback Sentry (<see cref="SentryReceiver"/>): with <c>Sentry:Dsn</c> set, an unhandled
/// exception arrives with the user's id, the release, the environment and the trace id, and without any secret the process
/// knows or the request carried; the client still gets the same problem details. Without a DSN nothing is sent.
/// </summary>
public sealed class ErrorTrackingTests(TestInfrastructure infrastructure)
{
    private const string ThrowingPath = "/test/unhandled-failure";
    private const string WebDsn = "https://webkey@errors.example.test/2";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unhandled_exception_reaches_sentry_with_user_release_environment_and_trace_and_without_any_secret()
    {
        await using var sentry = await SentryReceiver.StartAsync();
        var providerKey = $"canary-provider-key-{Guid.NewGuid():N}";
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().WithFakeLlm("sentryfake", providerKey)
            .With("Sentry:Dsn", sentry.Dsn).With("Sentry:WebDsn", WebDsn).WithServices(ThrowingRoute.Add).BuildApiAsync();
        var client = api.Factory.CreateClient();
        var (userName, tokens) = await AuthClient.NewSessionAsync(client);
        var configured = SecretSettings.Find(api.Factory.Services.GetRequiredService<IConfiguration>()).Select(s => s.Value).ToArray();
        Assert.Contains(providerKey, configured);
        Assert.Contains(ServiceFactory<Program>.TestSigningKey, configured);
        Assert.Contains(SecretSettings.ConnectionStringPasswords(api.DatabaseConnectionString).Single(), configured);

        var (problem, requestCanaries) = await FailAsync(client, tokens.AccessToken);

        // The client's answer is the Api's usual problem details, whatever Sentry does.
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        var traceId = problem.GetProperty("traceId").GetString()!.Split('-')[1];
        var sentryEvent = await sentry.WaitForEventAsync(e => e.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString() == traceId, Patience);
        Assert.True(sentryEvent.HasValue, $"no event with trace {traceId}; received {sentry.Envelopes.Count} envelope(s)");
        var received = sentryEvent.Value;

        Assert.Equal(Subject(tokens.AccessToken), received.GetProperty("user").GetProperty("id").GetString());
        Assert.False(received.GetProperty("user").TryGetProperty("ip_address", out _));
        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/v1/info", Cancellation));
        Assert.Equal(info.RootElement.GetProperty("version").GetString(), received.GetProperty("release").GetString());
        Assert.Equal(info.RootElement.GetProperty("environment").GetString(), received.GetProperty("environment").GetString());
        // The web app learns its own DSN, release and environment from the same place.
        Assert.Equal(WebDsn, info.RootElement.GetProperty("sentryDsn").GetString());
        var exception = received.GetProperty("exception").GetProperty("values").EnumerateArray().Last();
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.GetProperty("type").GetString());
        Assert.Contains(SecretScrubber.Mark, exception.GetProperty("value").GetString(), StringComparison.Ordinal);

        // Nothing secret in anything sent: configured secrets, the request's token, cookie and query, the user's name.
        string[] canaries = [.. configured, .. requestCanaries, tokens.AccessToken, tokens.RefreshToken, userName];
        foreach (var envelope in sentry.Envelopes)
        {
            Assert.DoesNotContain(canaries, canary => envelope.Contains(canary, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Without_a_dsn_the_sdk_is_not_initialised_and_nothing_is_sent()
    {
        await using var sentry = await SentryReceiver.StartAsync();
        // Every other Sentry setting is there; only the DSN is missing.
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration()
            .With("Sentry:Environment", "no-dsn").With("Sentry:Dsn", "").WithServices(ThrowingRoute.Add).BuildApiAsync();
        var client = api.Factory.CreateClient();
        var (_, tokens) = await AuthClient.NewSessionAsync(client);

        var (problem, _) = await FailAsync(client, tokens.AccessToken);

        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(api.Factory.Services.GetRequiredService<IHub>().IsEnabled);
        Assert.Null(api.Factory.Services.GetService<Microsoft.Extensions.Options.IOptions<Sentry.AspNetCore.SentryAspNetCoreOptions>>()?.Value.Dsn);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        Assert.Empty(sentry.Envelopes);
        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/v1/info", Cancellation));
        Assert.Equal(JsonValueKind.Null, info.RootElement.GetProperty("sentryDsn").ValueKind);
    }

    [Fact]
    public async Task A_failing_worker_job_is_reported_with_its_name_and_without_secrets()
    {
        await using var sentry = await SentryReceiver.StartAsync();
        var name = $"test-failing-{Guid.NewGuid():N}";
        await using var api = await TestHost.Postgres(infrastructure).BuildApiAsync();
        var databasePassword = SecretSettings.ConnectionStringPasswords(api.DatabaseConnectionString).Single();
        var job = new FailingJob(name, $"Could not reach the destination with Password={databasePassword};Host=backup");
        await using var worker = await TestHost.Beside(api).With("Sentry:Dsn", sentry.Dsn)
            .WithServices(services => services.AddSingleton<IScheduledJob>(job)).BuildWorkerAsync();
        await worker.StartAsync();

        var sentryEvent = await sentry.WaitForEventAsync(e => e.TryGetProperty("tags", out var tags) && tags.TryGetProperty("job", out var tag) && tag.GetString() == name, Patience);

        Assert.True(sentryEvent.HasValue, $"no event for job {name}; received {sentry.Envelopes.Count} envelope(s)");
        Assert.Contains("the destination", sentryEvent.Value.GetProperty("exception").GetProperty("values").EnumerateArray().Last().GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(sentry.Envelopes, envelope => envelope.Contains(databasePassword, StringComparison.Ordinal));
    }

    /// <summary>Calls the throwing route signed in, with secrets in its query, a cookie and a header; returns the problem and those secrets.</summary>
    private static async Task<(JsonElement Problem, string[] Canaries)> FailAsync(HttpClient client, string accessToken)
    {
        var query = $"canary-query-{Guid.NewGuid():N}";
        var cookie = $"canary-cookie-{Guid.NewGuid():N}";
        var apiKey = $"canary-header-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ThrowingPath}?access_token={query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("Cookie", $"bujji_refresh={cookie}");
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone(), [query, cookie, apiKey]);
    }

    private static string Subject(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.GetProperty("sub").GetString()!;
    }

    /// <summary>
    /// A route behind the Api's whole pipeline (authentication included) that fails like a library reporting its settings:
    /// every configured secret, and the request's credentials, in the exception message.
    /// </summary>
    private sealed class ThrowingRoute : IStartupFilter
    {
        public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new ThrowingRoute());

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path != ThrowingPath)
                {
                    return nextMiddleware(context);
                }

                var secrets = SecretSettings.Find(context.RequestServices.GetRequiredService<IConfiguration>()).Select(s => s.Value);
                throw new InvalidOperationException(
                    $"Could not connect with Host=db.internal;Password={context.Request.Query["access_token"]};Timeout=5 " +
                    $"(settings: {string.Join(", ", secrets)}; request: Authorization: {context.Request.Headers.Authorization}; " +
                    $"Cookie: {context.Request.Headers.Cookie}; api-key: {context.Request.Headers["X-Api-Key"]})");
            });
        };
    }

    private sealed class FailingJob(string name, string message) : IScheduledJob
    {
        public string Name => name;

        public TimeSpan Interval => TimeSpan.FromSeconds(1);

        public Task RunAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(message);
    }
}
