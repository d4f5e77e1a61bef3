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
        using var directory = TemporaryDirectory.Create("bujji-telemetry");
        var exported = new List<Activity>();
        await using var factory = SqliteApiHost.Create(directory.Path,
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = factory.CreateClient();

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

    private static string[] Spans(List<Activity> exported) =>
        [.. exported.ToArray().Select(activity => $"{activity.DisplayName} {activity.GetTagItem("url.path")}")];
}
