namespace BujjiCoder.UnitTests.Monitoring;

/// <summary>
/// The Prometheus names the Api and the Worker export: their instruments (the metric contract on issue 14's board, as
/// built on branch metrics; Npgsql 10's db.client.connection.*; .NET's System.Runtime meter) under OpenTelemetry's
/// Prometheus naming — dots to underscores, unit suffix (s → _seconds, By → _bytes, {annotations} dropped), _total on
/// counters, _bucket/_sum/_count on histograms. A real scrape after a chat would be stronger; see deploy/monitoring/README.md.
/// </summary>
internal static class ExportedMetrics
{
    // A HashSet of strings compares ordinally by default.
    public static IReadOnlySet<string> Names => All;

    private static readonly HashSet<string> All =
    [
        "up", // Prometheus's own, one per scrape target.
        .. Histogram("http_server_request_duration_seconds"),
        "bujji_health_ready",
        "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes", "dotnet_gc_last_collection_heap_size_bytes",
        "db_client_connection_count", "db_client_connection_max",
        "bujji_llm_calls_total", "bujji_llm_tokens_total", "bujji_llm_cost_usd_total",
        .. Histogram("bujji_llm_duration_seconds"), .. Histogram("bujji_llm_time_to_first_token_seconds"),
        "bujji_llm_cache_lookups_total", "bujji_llm_upstream_errors_total", "bujji_llm_breaker_state",
        "bujji_llm_concurrency_refused_total", "bujji_llm_concurrency_active", "bujji_llm_concurrency_queued",
        "bujji_database_unavailable_total", "bujji_database_circuit_state",
        "bujji_auth_sign_ins_total", "bujji_auth_lockouts_total",
        "bujji_rate_limit_rejected_total", "bujji_rate_limit_fallback_total", "bujji_rate_limit_degraded",
        "bujji_budget_refusals_total",
        "bujji_worker_job_runs_total", .. Histogram("bujji_worker_job_duration_seconds"), "bujji_worker_job_last_success_seconds",
        "bujji_worker_backup_last_success_time_seconds", "bujji_worker_backup_last_verified_time_seconds",
        "bujji_worker_backup_verifications_total", .. Histogram("bujji_worker_backup_duration_seconds"),
        .. Histogram("bujji_worker_backup_size_bytes"),
        "bujji_semantic_blobs_indexed_total", "bujji_semantic_chunks_indexed_total", "bujji_semantic_pruned_total", "bujji_semantic_blobs_pending",
        .. Histogram("bujji_semantic_embedding_duration_seconds"),
    ];

    private static string[] Histogram(string name) => [$"{name}_bucket", $"{name}_sum", $"{name}_count"];
}
