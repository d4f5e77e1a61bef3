using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>A workspace filled through the import endpoint with a generated repository, as a user would fill it.</summary>
internal sealed record BenchWorkspace(string Id, IReadOnlyList<string> Paths)
{
    /// <summary>The folders of the imported files, for browsing the tree (the root is browsed without a path).</summary>
    public IReadOnlyList<string> Directories { get; } = [.. Paths.Where(p => p.Contains('/', StringComparison.Ordinal)).Select(p => p[..p.LastIndexOf('/')]).Distinct()];

    public static async Task<BenchWorkspace> ImportAsync(HttpClient client, string token, string name, int files, long bytes, int seed = 7)
    {
        var (archive, _, paths) = RepositoryGenerator.Generate(files, bytes, seed);
        return await ImportAsync(client, token, name, archive, paths);
    }

    /// <summary>Creates a workspace and imports <paramref name="archive"/> (a .tar.gz holding <paramref name="paths"/>) into it, waiting for the job.</summary>
    public static async Task<BenchWorkspace> ImportAsync(HttpClient client, string token, string name, byte[] archive, IReadOnlyList<string> paths)
    {
        using var create = Authorized(HttpMethod.Post, "/api/v1/workspaces", token);
        create.Content = JsonContent.Create(new { name });
        using var created = await client.SendAsync(create);
        var id = (await Succeeded(created).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var import = Authorized(HttpMethod.Post, $"/api/v1/workspaces/{id}/import", token);
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        import.Content = new MultipartFormDataContent { { file, "file", "repository.tar.gz" } };
        using var accepted = await client.SendAsync(import);
        var body = await Succeeded(accepted).Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("jobId", out var job))
        {
            await WaitForImportAsync(client, token, id, job.GetString()!);
        }

        return new BenchWorkspace(id, paths);
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The response when it succeeded; otherwise an exception carrying the status and the problem's text.</summary>
    public static HttpResponseMessage Succeeded(HttpResponseMessage response) => response.IsSuccessStatusCode
        ? response
        : throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");

    private static async Task WaitForImportAsync(HttpClient client, string token, string id, string job)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            using var poll = Authorized(HttpMethod.Get, $"/api/v1/workspaces/{id}/import/{job}", token);
            using var status = await client.SendAsync(poll);
            var state = await Succeeded(status).Content.ReadFromJsonAsync<JsonElement>();
            switch (state.GetProperty("status").GetString())
            {
                case "succeeded":
                    return;
                case "failed":
                    throw new InvalidOperationException($"The import failed: {state.GetProperty("error")}");
            }
        }

        throw new TimeoutException("The import did not finish in 5 minutes.");
    }
}
