namespace BujjiCoder.UnitTests.Monitoring;

public sealed class MonitoringQueryTests
{
    [Fact]
    public void Every_query_of_the_alerts_and_the_dashboard_names_only_exported_metrics()
    {
        var queries = MonitoringFiles.Queries().ToList();
        var unknown = queries
            .SelectMany(q => PromQl.MetricNames(q.Expression).Where(name => !ExportedMetrics.Names.Contains(name)).Select(name => $"{q.Where}: {name}"))
            .ToList();

        Assert.True(queries.Count > 30, $"Only {queries.Count} queries found: is the dashboard or the rules file misread?");
        Assert.All(queries, q => Assert.NotEmpty(PromQl.MetricNames(q.Expression)));
        Assert.True(unknown.Count == 0, "Metrics no service exports:\n" + string.Join('\n', unknown));
    }

    [Theory]
    [InlineData("sum by (job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m]))", "http_server_request_duration_seconds_count")]
    [InlineData("time() - max(bujji_worker_backup_last_verified_time_seconds) > 108000 or (max(up{job=\"bujji-worker\"}) == 1)", "bujji_worker_backup_last_verified_time_seconds up")]
    [InlineData("max by (job, instance) (bujji_rate_limit_degraded) == 1", "bujji_rate_limit_degraded")]
    public void Metric_names_are_read_out_of_PromQL_without_functions_labels_or_keywords(string expression, string names) =>
        Assert.Equal(names.Split(' ').Order(), PromQl.MetricNames(expression).Order());
}
