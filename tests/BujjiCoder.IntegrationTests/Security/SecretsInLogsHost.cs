using System.Diagnostics;
using System.Text;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// The Api on PostgreSQL and Redis with every log category at Trace, request logging on, every log record captured
/// (<see cref="CapturedLogs"/>), every span kept in memory, and logs, traces and metrics also exported over OTLP to a
/// loopback collector — so a test can look for a canary everywhere a secret could leak to. One LLM provider (the
/// fake server) with a server key, and one route that fails the way a library might: with secrets in its message.
/// </summary>
public sealed class SecretsInLogsHost(TestInfrastructure infrastructure) : IAsyncLifetime
{
    public const string ServerKey = "canary-server-provider-key-7d41c0";
    public const string ThrowingPath = "/test/library-failure";

    private readonly List<Activity> _spans = [];
    private ApiHost? _host;

    public FakeLlmServer Llm => Host.Llm;

    public TelemetryCollector Collector { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public ServiceFactory<Program> Factory => Host.Factory;

    private ApiHost Host => _host ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Secrets the host itself was given: they must not appear either.</summary>
    public IReadOnlyList<string> ConfiguredSecrets { get; private set; } = [];

    /// <summary>Thrown by <see cref="ThrowingPath"/> inside an exception message, next to configured secrets.</summary>
    public string LibraryFailureCanary { get; } = $"canary-library-password-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        Collector = await TelemetryCollector.StartAsync();
        var redisPassword = BujjiCoder.ServiceDefaults.Secrets.SecretSettings.ConnectionStringPasswords(infrastructure.Redis.ConnectionString).Single();
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Models:0:Id"] = "chat-model",
            ["Llm:Models:0:Provider"] = "chatfake",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        };
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "StackExchange.Redis", "System", "Npgsql" })
        {
            settings[$"Logging:LogLevel:{category}"] = "Trace";
        }

        _host = await TestHost.Postgres(infrastructure).WithOpenRegistration().WithFakeLlm("chatfake", ServerKey).WithSettings(settings).WithServices(services =>
        {
            services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.AddSingleton<IStartupFilter>(new LibraryFailure(this, [ServerKey, redisPassword, ServiceFactory<Program>.TestSigningKey]));
        }).BuildApiAsync();
        // The factory builds the Api on first use, and with it the tracer provider that listens to spans: build it now, so a
        // test that starts a span before anything else has called the Api (when run alone, or first) still has a listener.
        _ = _host.Factory.Services;
        var postgresPassword = BujjiCoder.ServiceDefaults.Secrets.SecretSettings.ConnectionStringPasswords(_host.DatabaseConnectionString).Single();
        ConfiguredSecrets = [ServerKey, redisPassword, postgresPassword, ServiceFactory<Program>.TestSigningKey];
    }

    /// <summary>Pushes every pending log record, span and metric out to the exporters.</summary>
    public void Flush()
    {
        var services = Factory.Services;
        services.GetService<TracerProvider>()?.ForceFlush(10_000);
        services.GetService<MeterProvider>()?.ForceFlush(10_000);
        services.GetService<LoggerProvider>()?.ForceFlush(10_000);
    }

    /// <summary>Where <paramref name="secret"/> was found (log records, spans, OTLP exports), or nothing.</summary>
    public IEnumerable<string> FindAnywhere(string secret)
    {
        foreach (var record in Logs.Records.Where(r => r.Text.Contains(secret, StringComparison.Ordinal)))
        {
            yield return $"log {record.Category}: {record.Text}";
        }

        foreach (var span in Spans().Where(s => s.Contains(secret, StringComparison.Ordinal)))
        {
            yield return $"span: {span}";
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        if (Collector.Bodies.Any(body => body.AsSpan().IndexOf(bytes) >= 0))
        {
            yield return "an OTLP export";
        }
    }

    /// <summary>Every span as text: name, status, tags, events with their tags, links and baggage.</summary>
    public IReadOnlyList<string> Spans()
    {
        Activity[] spans;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        return [.. spans.Select(span =>
        {
            var text = new StringBuilder($"{span.DisplayName} {span.OperationName} {span.Status} {span.StatusDescription}");
            foreach (var (key, value) in span.TagObjects)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }

            foreach (var activityEvent in span.Events)
            {
                text.Append(" event ").Append(activityEvent.Name);
                foreach (var (key, value) in activityEvent.Tags)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }

            foreach (var (key, value) in span.Baggage)
            {
                text.Append(" baggage ").Append(key).Append('=').Append(value);
            }

            return text.ToString();
        })];
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Collector.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A route (after the Api's pipeline) that fails like a library reporting its settings in an exception.</summary>
    private sealed class LibraryFailure(SecretsInLogsHost host, string[] configured) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) => context.Request.Path == ThrowingPath
                ? throw new InvalidOperationException(
                    $"Could not connect with Host=db.internal;Username=bujji;Password={host.LibraryFailureCanary};Timeout=5 " +
                    $"(settings: {string.Join(", ", configured)})")
                : nextMiddleware(context));
        };
    }
}
