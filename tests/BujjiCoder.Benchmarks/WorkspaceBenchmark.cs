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
internal static class WorkspaceBenchmark
{
    public static async Task RunAsync(int files, long bytes, int clients, TimeSpan duration)
    {
        Console.WriteLine($"generating {files:N0} files, ~{bytes / 1024 / 1024} MB ...");
        var (archive, rawBytes, paths) = RepositoryGenerator.Generate(files, bytes);
        Console.WriteLine($"archive: {archive.Length / 1024.0 / 1024:0.0} MB compressed, {rawBytes / 1024.0 / 1024:0.0} MB of files; {Environment.ProcessorCount} cores");

        await using var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?> { ["Workspaces__MaxArchiveEntries"] = (files + 100).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var token = (await api.SignInAsync()).AccessToken;
        var client = api.Client;
        var ws = await CreateWorkspaceAsync(api, token);

        var clock = Stopwatch.StartNew();
        var job = await ImportAsync(api, token, ws, archive);
        var importSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"import: {importSeconds:0.0} s ({files / importSeconds:0} files/s, {rawBytes / 1024.0 / 1024 / importSeconds:0.0} MB/s), job {job}");

        // The index is written in the import's own transaction: the last file is searchable the moment the import is.
        clock.Restart();
        var searchable = await SearchAsync(api, token, ws, RepositoryGenerator.Marker(files - 1), "text");
        Console.WriteLine($"index: written inside the import (no separate indexing time); first search, for the last file imported: {clock.Elapsed.TotalMilliseconds:0} ms, {searchable} hit(s)");

        var random = new Random(11);
        var latencies = new List<double>();
        var byKind = new Dictionary<string, List<double>> { ["common words"] = [], ["class name"] = [], ["method (symbol)"] = [] };
        var hitCounts = 0;
        for (var i = 0; i < 1000; i++)
        {
            // A third each: two common words (they match nearly every file), a class name (a handful of files),
            // and a method name in symbol mode.
            var (kind, mode, query) = (i % 3) switch
            {
                0 => ("common words", "text", $"{RepositoryGenerator.Words[random.Next(RepositoryGenerator.Words.Length)]} {RepositoryGenerator.Words[random.Next(RepositoryGenerator.Words.Length)]}"),
                1 => ("class name", "text", RepositoryGenerator.Name(random) + "Service"),
                _ => ("method (symbol)", "symbol", "Handle" + RepositoryGenerator.Name(random)),
            };
            var started = clock.Elapsed;
            hitCounts += await SearchAsync(api, token, ws, query, mode);
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            byKind[kind].Add(latencies[^1]);
        }

        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"search: 1,000 queries, one client, p50 {LoadRun.Percentile(sorted, 0.5):0.0} ms, p95 {LoadRun.Percentile(sorted, 0.95):0.0} ms, {hitCounts / 1000.0:0.0} hits/query");
        foreach (var (kind, values) in byKind)
        {
            var ordered = values.Order().ToArray();
            Console.WriteLine($"  {kind,-16} p50 {LoadRun.Percentile(ordered, 0.5),6:0.0} ms, p95 {LoadRun.Percentile(ordered, 0.95),6:0.0} ms");
        }

        Console.WriteLine($"{clients} concurrent clients, {duration.TotalSeconds:0} s each");
        await LoadRun.PrintAsync(client, new (string, Func<HttpClient, HttpRequestMessage>)[]
        {
            ("GET /health/live (bare)", _ => new HttpRequestMessage(HttpMethod.Get, "/health/live")),
            ("GET tree (root)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree", token)),
            ("GET tree (a directory)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?path=src/order", token)),
            ("GET files/{path} (random file)", _ => api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/{paths[Random.Shared.Next(paths.Count)]}", token)),
        }, clients, duration);
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
