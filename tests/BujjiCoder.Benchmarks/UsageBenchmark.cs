using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// The admin usage report over 90 days before and after roll-ups: seeds usage records straight into PostgreSQL (binary
/// COPY), times GET /api/v1/admin/usage by day and by model while every record is read raw, lets the Worker process
/// run its first roll-up over the whole table (timed from its job_runs row), and times the same calls again. The
/// answers before and after must be identical: roll-ups change how a report is summed, never what it says.
/// </summary>
internal static class UsageBenchmark
{
    private const string Job = "usage-rollup";

    public static async Task RunAsync(int records, int days, int calls)
    {
        // A daily schedule: the Worker's first run (on the empty table) does nothing, and no other run starts by itself.
        await using var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?> { ["Worker__UsageRollup__Interval"] = "1.00:00:00" });
        var token = (await api.SignInAsync()).AccessToken;
        await using var db = NpgsqlDataSource.Create(api.Environment["ConnectionStrings__bujjidb"]!);
        await WaitForRunAsync(db, finishedRuns: 1);

        var to = DateTime.UtcNow;
        var from = to.AddDays(-days);
        var clock = Stopwatch.StartNew();
        await SeedAsync(db, records, from, to);
        Console.WriteLine($"seeded {records:N0} usage records over {days} days in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores, {calls} calls per figure");

        var window = FormattableString.Invariant($"from={from:yyyy-MM-ddTHH:mm:ss.fffffffZ}&to={to:yyyy-MM-ddTHH:mm:ss.fffffffZ}");
        var paths = new[] { $"/api/v1/admin/usage?{window}&groupBy=day", $"/api/v1/admin/usage?{window}&groupBy=model" };
        var before = new List<(double P50, double P95, string Body)>();
        foreach (var path in paths)
        {
            before.Add(await TimeAsync(api, token, path, calls));
        }

        // The Worker runs a slot nobody has claimed as soon as it starts: forget the first (empty) run and start it again.
        await using (var forget = db.CreateCommand($"""DELETE FROM job_runs WHERE "Job" = '{Job}'"""))
        {
            await forget.ExecuteNonQueryAsync();
        }

        clock.Restart();
        await api.RestartWorkerAsync();
        var run = await WaitForRunAsync(db, finishedRuns: 1);
        var rows = await ScalarAsync(db, """SELECT string_agg("Period" || ' ' || n, ', ') FROM (SELECT "Period", count(*) AS n FROM usage_rollups GROUP BY 1 ORDER BY 1) p""");
        Console.WriteLine($"first roll-up: {run.TotalSeconds:0.0} s by the job ({clock.Elapsed.TotalSeconds:0.0} s with the Worker's restart); rows: {rows}");

        // Statistics for the new rows, as autovacuum soon gathers them (without, the planner expects a handful of rows and
        // sorts 70,000 on disk instead of hashing them); the raw table got the same treatment before.
        await ScalarAsync(db, "ANALYZE usage_rollups");
        var after = new List<(double P50, double P95, string Body)>();
        foreach (var path in paths)
        {
            after.Add(await TimeAsync(api, token, path, calls));
        }

        Console.WriteLine($"{"GET /api/v1/admin/usage, " + days + " days",-40} {"before p50",11} {"p95",8} {"after p50",11} {"p95",8} {"speed-up",9} {"same answer",12}");
        for (var i = 0; i < paths.Length; i++)
        {
            var name = i == 0 ? "groupBy=day" : "groupBy=model";
            Console.WriteLine($"{name,-40} {before[i].P50,9:0.0}ms {before[i].P95,6:0.0}ms {after[i].P50,9:0.0}ms {after[i].P95,6:0.0}ms {before[i].P50 / after[i].P50,8:0.0}x {(before[i].Body == after[i].Body ? "yes" : "NO"),12}");
        }
    }

    /// <summary>
    /// Records as the Api writes them, spread evenly over the window: 50 users, each working in two workspaces of their
    /// own (or none) and mostly with two of the six models, as people do; that is what a roll-up row sums.
    /// </summary>
    private static async Task SeedAsync(NpgsqlDataSource db, int records, DateTime from, DateTime to)
    {
        var random = new Random(90);
        var models = new[] { "gpt-4.1", "gpt-4.1-mini", "claude-sonnet", "claude-haiku", "llama-70b", "qwen-coder" };
        var workspaces = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        var span = (to - from).Ticks;
        await using var connection = await db.OpenConnectionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
            """COPY usage_records ("At", "UserId", "WorkspaceId", "Kind", "Model", "Provider", "InputTokens", "OutputTokens", "CostMicroUsd", "LatencyMs", "CacheHit", "Outcome") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < records; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(from.AddTicks(random.NextInt64(span) / 10 * 10), NpgsqlDbType.TimestampTz);
                var user = random.Next(50);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"bench-user-{user:00}"), NpgsqlDbType.Varchar);
                var workspace = random.Next(3);
                if (workspace < 2)
                {
                    await writer.WriteAsync(workspaces[user * 2 + workspace], NpgsqlDbType.Uuid);
                }
                else
                {
                    await writer.WriteNullAsync();
                }

                var model = random.Next(10) == 0 ? random.Next(models.Length) : (user + random.Next(2)) % models.Length;
                await writer.WriteAsync("chat", NpgsqlDbType.Varchar);
                await writer.WriteAsync(models[model], NpgsqlDbType.Varchar);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(random.Next(100, 8_000), NpgsqlDbType.Integer);
                await writer.WriteAsync(random.Next(10, 2_000), NpgsqlDbType.Integer);
                await writer.WriteAsync(random.NextInt64(0, 50_000), NpgsqlDbType.Bigint);
                await writer.WriteAsync(random.Next(200, 9_000), NpgsqlDbType.Integer);
                await writer.WriteAsync(random.Next(10) == 0, NpgsqlDbType.Boolean);
                await writer.WriteAsync("success", NpgsqlDbType.Varchar);
            }

            await writer.CompleteAsync();
        }

        // As autovacuum would soon after: the planner's statistics, so the before figures are not a cold planner's.
        await using var analyze = new NpgsqlCommand("ANALYZE usage_records", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<(double P50, double P95, string Body)> TimeAsync(ApiUnderTest api, string token, string path, int calls)
    {
        var body = await GetAsync(api, token, path);
        var latencies = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            await GetAsync(api, token, path);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        var sorted = latencies.Order().ToArray();
        return (LoadRun.Percentile(sorted, 0.50), LoadRun.Percentile(sorted, 0.95), body);
    }

    private static async Task<string> GetAsync(ApiUnderTest api, string token, string path)
    {
        using var request = api.Authorized(HttpMethod.Get, path, token);
        using var response = await api.Client.SendAsync(request);
        // The rows and totals only: the rest of the report is the same window echoed back.
        var report = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return $"{report.GetProperty("totals")} {report.GetProperty("rows")}";
    }

    /// <summary>Waits for the job's run to finish; returns how long it took by its job_runs row.</summary>
    private static async Task<TimeSpan> WaitForRunAsync(NpgsqlDataSource db, int finishedRuns)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = db.CreateCommand(
                $"""SELECT count(*), max(extract(epoch FROM "FinishedAt" - "StartedAt")), max("Outcome") FROM job_runs WHERE "Job" = '{Job}' AND "FinishedAt" IS NOT NULL""");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) >= finishedRuns)
            {
                return reader.GetString(2) == "succeeded"
                    ? TimeSpan.FromSeconds((double)reader.GetDecimal(1))
                    : throw new InvalidOperationException($"The {Job} run ended {reader.GetString(2)}.");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No {Job} run finished in 30 minutes.");
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (await command.ExecuteScalarAsync())?.ToString() ?? string.Empty;
    }
}
