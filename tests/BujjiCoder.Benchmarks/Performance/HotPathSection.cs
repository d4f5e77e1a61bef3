using System.Globalization;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// The issue's wrk rows: the bare Kestrel app as 1.00×, then the Api's <c>/health/live</c>, <c>/auth/me</c> with a JWT and
/// <c>files/{path}</c> with a JWT on a small imported workspace, each for the row duration with the same connections, all
/// in one run so the ratios compare like with like on a shared machine.
/// </summary>
internal sealed class HotPathSection : IPerformanceSection
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public string Name => "hotpath";

    public async Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken)
    {
        if (!Wrk.IsInstalled)
        {
            return [new PerformanceRow(Name, "wrk rows", "wrk is missing: apt-get install -y wrk", "", false)];
        }

        await using var bare = await BareKestrel.StartAsync();
        await using var api = await ApiUnderTest.StartAsync();
        var token = (await api.SignInAsync()).AccessToken;
        var workspace = await BenchWorkspace.ImportAsync(api.Client, token, "hot-path", files: 50, bytes: 100 * 1024);
        var file = workspace.Paths[0];
        var apiUrl = api.Client.BaseAddress!;

        var bareBefore = await MeasureAsync(new Uri(bare.Url, "/health/live"), null, settings, cancellationToken);
        var health = await MeasureAsync(new Uri(apiUrl, "/health/live"), null, settings, cancellationToken);
        var me = await MeasureAsync(new Uri(apiUrl, "/api/v1/auth/me"), token, settings, cancellationToken);
        var files = await MeasureAsync(new Uri(apiUrl, $"/api/v1/workspaces/{workspace.Id}/files/{file}"), token, settings, cancellationToken);
        // The bare app again at the end: other work on shared cores comes and goes, so the rows are compared with the mean of
        // both, and how far the two differ says how much to trust the ratios of this run.
        var bareAfter = await MeasureAsync(new Uri(bare.Url, "/health/live"), null, settings, cancellationToken);
        var bareResult = bareBefore with { RequestsPerSecond = (bareBefore.RequestsPerSecond + bareAfter.RequestsPerSecond) / 2 };
        var drift = Math.Abs(bareAfter.RequestsPerSecond - bareBefore.RequestsPerSecond) / bareResult.RequestsPerSecond;

        // On shared cores the machine's load is part of every figure: the ratios hold up, the absolute numbers do not.
        var where = string.Create(CultureInfo.InvariantCulture, $"wrk {settings.Connections} connections, {settings.Row.TotalSeconds:0} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return
        [
            new PerformanceRow(Name, "GET /health/live, bare Kestrel app", string.Create(CultureInfo.InvariantCulture,
                    $"{bareResult.RequestsPerSecond:0} req/s (mean of {bareBefore.RequestsPerSecond:0} first and {bareAfter.RequestsPerSecond:0} last: {drift:P0} apart), p95 {bareBefore.P95:0.0} / {bareAfter.P95:0.0} ms"),
                "1.00× (baseline)", bareBefore.Errors + bareAfter.Errors == 0 ? null : false, where),
            Row("GET /health/live", health, bareResult, 0.85, null, "issue 16's start: 0.52–0.72×"),
            Row("GET /api/v1/auth/me, JWT", me, bareResult, 0.25, 20, "issue 16's start: 0.023×, p95 ≈ 200 ms"),
            Row("GET …/files/{path}, JWT (2 KB file)", files, bareResult, 0.20, 25, "issue 16's start: 0.021×, p95 ≈ 200 ms"),
        ];
    }

    private static async Task<WrkResult> MeasureAsync(Uri url, string? token, PerformanceSettings settings, CancellationToken cancellationToken)
    {
        // JIT, connection pools and caches first: the row measures the steady state.
        await Wrk.RunAsync(url, token, Math.Min(settings.Connections, 32), WarmUp, cancellationToken);
        return await Wrk.RunAsync(url, token, settings.Connections, settings.Row, cancellationToken);
    }

    private PerformanceRow Row(string name, WrkResult result, WrkResult bare, double minRatio, double? maxP95, string owner)
    {
        var ratio = result.RequestsPerSecond / bare.RequestsPerSecond;
        var ratioMet = ratio >= minRatio;
        var p95Met = maxP95 is not { } limit || result.P95 <= limit;
        var target = string.Create(CultureInfo.InvariantCulture, $"≥ {minRatio:0.00}× bare{(maxP95 is { } p ? $", p95 ≤ {p:0} ms" : "")}, 0 errors");
        var distance = new List<string>();
        if (!ratioMet)
        {
            distance.Add(string.Create(CultureInfo.InvariantCulture, $"{minRatio / ratio:0.0}× short on throughput"));
        }

        if (!p95Met)
        {
            distance.Add(string.Create(CultureInfo.InvariantCulture, $"p95 {result.P95 - maxP95!.Value:0.0} ms over"));
        }

        if (result.Errors > 0)
        {
            distance.Add($"{result.Errors} errors");
        }

        var note = distance.Count == 0 ? owner : $"{owner}; {string.Join(", ", distance)}";
        return new PerformanceRow(Name, name, result.Describe(ratio), target, ratioMet && p95Met && result.Errors == 0, note);
    }
}
