using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.Benchmarks;

/// <summary>
/// Workspace figures against a real Api on PostgreSQL: import of a generated repository (default 10,000 files,
/// ~50 MB), how soon it is searchable, search latency over 1,000 queries, and tree/read under concurrent
/// clients beside the bare health endpoint in the same run.
/// </summary>
/// <summary>Search latency of one kind of query over the imported repository.</summary>
internal sealed record SearchFigures(string Kind, string Mode, double P50, double P95);

/// <summary>What <see cref="WorkspaceBenchmark.MeasureAsync"/> found, for the console and for the performance table.</summary>
internal sealed record WorkspaceFigures(int Files, long RawBytes, double ImportSeconds, double FirstSearchMs, IReadOnlyList<SearchFigures> Searches)
{
    /// <summary>Every text-mode query (common words and class names) together: the issue's "text search" row.</summary>
    public required SearchFigures Text { get; init; }
}

internal static class WorkspaceBenchmark
{
    private const int Queries = 1000;

    public static async Task RunAsync(int files, long bytes, int clients, TimeSpan duration)
    {
        await MeasureAsync(files, bytes, async (api, token, ws, paths) =>
        {
            Console.WriteLine($"{clients} concurrent clients, {duration.TotalSeconds:0} s each");
            await LoadRun.PrintAsync(api.Client, new (string, Func<HttpClient, HttpRequestMessage>)[]
            {
                ("GET /health/live (bare)", _ => new HttpRequestMessage(HttpMethod.Get, "/health/live")),
                ("GET tree (root)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree", token)),
                ("GET tree (a directory)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?path=src/order", token)),
                ("GET files/{path} (random file)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/{paths[Random.Shared.Next(paths.Count)]}", token)),
            }, clients, duration);
        });
    }

    /// <summary>
    /// Imports a generated repository into a fresh Api (with its Worker), then times 1,000 searches from one client,
    /// printing as it goes; <paramref name="afterSearch"/> runs on the same servers before they stop.
    /// </summary>
    public static async Task<WorkspaceFigures> MeasureAsync(
        int files, long bytes, Func<ApiUnderTest, string, string, List<string>, Task>? afterSearch = null)
    {
        Console.WriteLine($"generating {files:N0} files, ~{bytes / 1024 / 1024} MB ...");
        var (archive, rawBytes, paths) = RepositoryGenerator.Generate(files, bytes);
        Console.WriteLine($"archive: {archive.Length / 1024.0 / 1024:0.0} MB compressed, {rawBytes / 1024.0 / 1024:0.0} MB of files; {Environment.ProcessorCount} cores");

        await using var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?> { ["Workspaces__MaxArchiveEntries"] = (files + 100).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var token = (await api.SignInAsync()).AccessToken;
        var ws = await CreateWorkspaceAsync(api, token);

        var clock = Stopwatch.StartNew();
        var job = await ImportAsync(api, token, ws, archive);
        var importSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"import: {importSeconds:0.0} s ({files / importSeconds:0} files/s, {rawBytes / 1024.0 / 1024 / importSeconds:0.0} MB/s), job {job}");

        // The index is written in the import's own transaction: the last file is searchable the moment the import is.
        clock.Restart();
        var searchable = await SearchAsync(api, token, ws, RepositoryGenerator.Marker(files - 1), "text");
        var firstSearchMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"index: written inside the import (no separate indexing time); first search, for the last file imported: {firstSearchMs:0} ms, {searchable} hit(s)");

        var random = new Random(11);
        var latencies = new List<double>();
        var byKind = new Dictionary<string, (string Mode, List<double> Values)> { ["common words"] = ("text", []), ["class name"] = ("text", []), ["method (symbol)"] = ("symbol", []) };
        var hitCounts = 0;
        for (var i = 0; i < Queries; i++)
        {
            // A third each: two common words (they match nearly every file), a class name (a handful of files),
            // and a method name in symbol mode.
            var (kind, query) = (i % 3) switch
            {
                0 => ("common words", $"{RepositoryGenerator.Words[random.Next(RepositoryGenerator.Words.Length)]} {RepositoryGenerator.Words[random.Next(RepositoryGenerator.Words.Length)]}"),
                1 => ("class name", RepositoryGenerator.Name(random) + "Service"),
                _ => ("method (symbol)", "Handle" + RepositoryGenerator.Name(random)),
            };
            var started = clock.Elapsed;
            hitCounts += await SearchAsync(api, token, ws, query, byKind[kind].Mode);
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            byKind[kind].Values.Add(latencies[^1]);
        }

        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"search: {Queries:N0} queries, one client, p50 {LoadRun.Percentile(sorted, 0.5):0.0} ms, p95 {LoadRun.Percentile(sorted, 0.95):0.0} ms, {hitCounts / (double)Queries:0.0} hits/query");
        var searches = byKind.Select(pair => Figures(pair.Key, pair.Value.Mode, pair.Value.Values)).ToList();
        var text = Figures("text (words and names)", "text", [.. byKind.Values.Where(k => k.Mode == "text").SelectMany(k => k.Values)]);
        foreach (var figures in searches.Append(text))
        {
            Console.WriteLine($"  {figures.Kind,-22} p50 {figures.P50,6:0.0} ms, p95 {figures.P95,6:0.0} ms");
        }

        if (afterSearch is not null)
        {
            await afterSearch(api, token, ws, paths);
        }

        return new WorkspaceFigures(files, rawBytes, importSeconds, firstSearchMs, searches) { Text = text };
    }

    private static SearchFigures Figures(string kind, string mode, List<double> values)
    {
        var ordered = values.Order().ToArray();
        return new SearchFigures(kind, mode, LoadRun.Percentile(ordered, 0.5), LoadRun.Percentile(ordered, 0.95));
    }

    private static async Task<string> CreateWorkspaceAsync(ApiUnderTest api, string token)
    {
        using var request = api.Authorized(HttpMethod.Post, "/api/v1/workspaces", token);
        request.Content = JsonContent.Create(new { name = "benchmark" });
        using var response = await api.Client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> ImportAsync(ApiUnderTest api, string token, string ws, byte[] archive)
    {
        using var request = api.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{ws}/import", token);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        form.Add(file, "file", "repository.tar.gz");
        request.Content = form;
        using var response = await api.Client.SendAsync(request);
        var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        if (!body.TryGetProperty("jobId", out var jobId))
        {
            return "none (imported while waiting)";
        }

        while (true)
        {
            await Task.Delay(250);
            using var poll = api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/import/{jobId.GetString()}", token);
            using var status = await api.Client.SendAsync(poll);
            var job = await status.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            switch (job.GetProperty("status").GetString())
            {
                case "succeeded":
                    return $"succeeded, {job.GetProperty("result").GetProperty("imported").GetInt32():N0} files";
                case "failed":
                    throw new InvalidOperationException($"The import failed: {job.GetProperty("error")}");
            }
        }
    }

    private static async Task<int> SearchAsync(ApiUnderTest api, string token, string ws, string query, string mode)
    {
        using var request = api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q={Uri.EscapeDataString(query)}&mode={mode}&limit=20", token);
        using var response = await api.Client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").GetArrayLength();
    }
}
