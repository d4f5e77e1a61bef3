using System.Globalization;
using BujjiCoder.Testing;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>One wrk run's figures: completed requests per second, latency percentiles (ms) and every kind of error.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50, double P95, double P99, long Requests, long Errors)
{
    public string Describe(double? ratio = null) => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond:0} req/s{(ratio is { } r ? $" = {r:0.000}× bare" : "")}, p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms{(Errors > 0 ? $", {Errors} errors of {Requests}" : "")}");
}

/// <summary>
/// Debian's wrk, driven with a Lua script that sets the request's headers and prints the figures in one line at the
/// end (wrk's own --latency table has no p95).
/// </summary>
internal static class Wrk
{
    public const string Executable = "/usr/bin/wrk";

    public static bool IsInstalled => File.Exists(Executable);

    public static async Task<WrkResult> RunAsync(Uri url, string? bearerToken, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var directory = TemporaryDirectory.Create("bujji-wrk");
        var script = Path.Combine(directory.Path, "request.lua");
        await File.WriteAllTextAsync(script, Script(bearerToken), cancellationToken);
        var result = await CommandLine.RunAsync(Executable,
        [
            // One thread per core; a slow answer is measured, not dropped (wrk's default timeout is 2 s).
            "-t", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s",
            "--timeout", "10s",
            "-s", script,
            url.ToString(),
        ], duration + TimeSpan.FromSeconds(30), errorIntoOutput: true, cancellationToken: cancellationToken);
        var line = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("BUJJI ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no figures (exit {result.ExitCode}):\n{result.Output}");
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (requests, micros, errors) = ((long)f[0], f[1], (long)(f[2] + f[3] + f[4] + f[5] + f[6]));
        return new WrkResult(requests / (micros / 1_000_000), f[7] / 1000, f[8] / 1000, f[9] / 1000, requests, errors);
    }

    // errors.status counts answers other than 2xx/3xx: a 401 from an expired token is an error, not a fast request.
    private static string Script(string? bearerToken) => $$"""
        {{(bearerToken is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {bearerToken}\"")}}
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("BUJJI %d %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
            e.connect, e.read, e.write, e.status, e.timeout,
            latency:percentile(50), latency:percentile(95), latency:percentile(99)))
        end
        """;
}
