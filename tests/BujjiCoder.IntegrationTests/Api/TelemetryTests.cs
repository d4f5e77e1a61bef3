using System.Diagnostics;
using BujjiCoder.IntegrationTests.Hosting;
using OpenTelemetry.Trace;

namespace BujjiCoder.IntegrationTests.Api;

public sealed class TelemetryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_are_traced_but_health_probes_are_not()
    {
        var exported = new List<Activity>();
        await using var api = await TestHost.Sqlite()
            .WithServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported))).BuildApiAsync();
        using var client = api.Factory.CreateClient();

        await client.GetStringAsync("/health/live", Cancellation);
        await client.GetStringAsync("/health/ready", Cancellation);
        await client.GetStringAsync("/api/v1/info", Cancellation);

        // The server span ends just after the response is written; give it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Spans(exported).Any(span => span.Contains("/api/v1/info", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancellation);
        }

        var spans = Spans(exported);
        Assert.Contains(spans, span => span.Contains("/api/v1/info", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, span => span.Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_metrics_and_traces_go_to_the_otlp_endpoint_when_one_is_set()
    {
        await using var collector = await TelemetryCollector.StartAsync();
        await using var api = await TestHost.Sqlite().WithSettings(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        }).BuildApiAsync();
        using var client = api.Factory.CreateClient();

        await client.GetStringAsync("/api/v1/info", Cancellation);

        foreach (var signal in new[] { "/v1/traces", "/v1/metrics", "/v1/logs" })
        {
            Assert.True(await collector.WaitForAsync(signal, TimeSpan.FromSeconds(30)), $"no {signal}; got {string.Join(", ", collector.Paths)}");
        }
    }

    [Fact]
    public async Task Telemetry_goes_to_azure_monitor_when_a_connection_string_is_set()
    {
        await using var collector = await TelemetryCollector.StartAsync();
        await using var api = await TestHost.Sqlite()
            .With("APPLICATIONINSIGHTS_CONNECTION_STRING", $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={collector.Url}/")
            .BuildApiAsync();
        using var client = api.Factory.CreateClient();

        await client.GetStringAsync("/api/v1/info", Cancellation);

        Assert.True(await collector.WaitForAsync("/track", TimeSpan.FromSeconds(60)), $"nothing tracked; got {string.Join(", ", collector.Paths)}");
    }

    private static string[] Spans(List<Activity> exported) =>
        [.. exported.ToArray().Select(activity => $"{activity.DisplayName} {activity.GetTagItem("url.path")}")];
}
