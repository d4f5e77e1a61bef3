using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>One signed-in user calling the workspace endpoints, as the web app does.</summary>
internal sealed class WorkspaceClient(HttpClient http, string accessToken, string userId)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public HttpClient Http { get; } = http;

    public string UserId { get; } = userId;

    public static async Task<WorkspaceClient> SignUpAsync(HttpClient http)
    {
        var (_, tokens) = await AuthClient.NewSessionAsync(http);
        var client = new WorkspaceClient(http, tokens.AccessToken, string.Empty);
        var me = await client.GetJsonAsync("/api/v1/auth/me");
        return new WorkspaceClient(http, tokens.AccessToken, me.GetProperty("id").GetString()!);
    }

    /// <summary>A new user owning a new workspace that holds <paramref name="files"/>.</summary>
    public static async Task<(WorkspaceClient User, string Ws)> WithWorkspaceAsync(HttpClient http, params (string Path, string Text)[] files)
    {
        var user = await SignUpAsync(http);
        var ws = await user.CreateWorkspaceAsync();
        foreach (var (path, text) in files)
        {
            await user.WriteAsync(ws, path, text);
        }

        return (user, ws);
    }

    public async Task<string> CreateWorkspaceAsync(string name = "project")
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    public async Task AddMemberAsync(string ws, string userId, string role)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{userId}", new { role });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public Task<HttpResponseMessage> PutFileAsync(string ws, string path, string content, string? ifMatch = null, bool createOnly = false) =>
        PutFileAsync(ws, path, Encoding.UTF8.GetBytes(content), ifMatch, createOnly);

    public Task<HttpResponseMessage> PutFileAsync(string ws, string path, byte[] content, string? ifMatch = null, bool createOnly = false)
    {
        var request = Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/{path}");
        request.Content = new ByteArrayContent(content);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (createOnly)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        return SendAndDisposeAsync(request);
    }

    /// <summary>Writes a file and returns its ETag, failing the test unless the write succeeded.</summary>
    public async Task<string> WriteAsync(string ws, string path, string content)
    {
        using var response = await PutFileAsync(ws, path, content);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return response.Headers.ETag!.ToString();
    }

    public Task<HttpResponseMessage> GetFileAsync(string ws, string path) => SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/{path}");

    /// <summary>The file's text, or null when it does not exist.</summary>
    public async Task<string?> ReadAsync(string ws, string path)
    {
        using var response = await GetFileAsync(ws, path);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    public async Task<long> RevisionCountAsync(string ws) => (await GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("total").GetInt64();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = Request(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return SendAndDisposeAsync(request);
    }

    public Task<HttpResponseMessage> UploadAsync(string ws, byte[] archive, string fileName, string query = "")
    {
        var request = Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/import{query}");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        request.Content = form;
        return SendAndDisposeAsync(request);
    }

    /// <summary>Follows an import accepted as a job (202) to its last state: succeeded or failed.</summary>
    public async Task<JsonElement> FinishedImportJobAsync(string ws, HttpResponseMessage accepted)
    {
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"expected a job, got {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Cancellation)}");
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("jobId").GetString();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var job = await GetJsonAsync($"/api/v1/workspaces/{ws}/import/{jobId}");
            if (job.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return job;
            }

            await Task.Delay(100, Cancellation);
        }

        throw new TimeoutException("The import job did not finish in 30 seconds.");
    }

    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Http.SendAsync(request, Cancellation);
        }
    }
}
