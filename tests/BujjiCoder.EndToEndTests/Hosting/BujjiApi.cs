using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.EndToEndTests.Hosting;

/// <summary>
/// The Api called directly, for what a journey needs to exist but is not about (its users, a large workspace).
/// What a journey is about, it does in the browser.
/// </summary>
public sealed class BujjiApi(Uri apiUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = apiUrl, Timeout = TimeSpan.FromMinutes(5) };
    private string? _accessToken;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Registers <paramref name="user"/> and signs in as them.</summary>
    public async Task<BujjiApi> RegisterAsync(TestUser user)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/auth/register", new { userName = user.UserName, email = user.Email, password = user.Password }, Cancellation);
        await EnsureAsync(response, HttpStatusCode.Created);
        return await SignInAsync(user);
    }

    public async Task<BujjiApi> SignInAsync(TestUser user)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = user.UserName, password = user.Password }, Cancellation);
        await EnsureAsync(response, HttpStatusCode.OK);
        _accessToken = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("accessToken").GetString();
        return this;
    }

    public async Task<string> CreateWorkspaceAsync(string name)
    {
        var created = await SendJsonAsync(HttpMethod.Post, "/api/v1/workspaces", new { name }, HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    public async Task WriteFileAsync(string ws, string path, string content)
    {
        using var request = Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/{path}");
        request.Content = new StringContent(content);
        using var response = await _http.SendAsync(request, Cancellation);
        await EnsureAsync(response, response.StatusCode is HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK);
    }

    public async Task<string> ReadFileAsync(string ws, string path)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/{path}");
        using var response = await _http.SendAsync(request, Cancellation);
        await EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    /// <summary>Asks one question in a new conversation and waits for the whole (unstreamed) answer.</summary>
    public async Task ChatAsync(string ws, string question)
    {
        var conversation = await SendJsonAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = question }, HttpStatusCode.Created);
        await SendJsonAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation.GetProperty("id").GetString()}/messages", new { content = question }, HttpStatusCode.OK);
    }

    /// <summary>Imports an archive and waits for the import to finish, whether it ran at once (200) or as a job (202).</summary>
    public async Task ImportAsync(string ws, byte[] archive, string fileName)
    {
        using var request = Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/import");
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content = new MultipartFormDataContent { { file, "file", fileName } };
        using var response = await _http.SendAsync(request, Cancellation);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        await EnsureAsync(response, HttpStatusCode.Accepted);
        var location = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("location").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var job = await SendJsonAsync(HttpMethod.Get, location, null, HttpStatusCode.OK);
            switch (job.GetProperty("status").GetString())
            {
                case "succeeded":
                    return;
                case "failed":
                    throw new InvalidOperationException($"The import of {fileName} failed: {job}");
            }

            await Task.Delay(250, Cancellation);
        }

        throw new TimeoutException($"The import of {fileName} did not finish in 3 minutes.");
    }

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = Request(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, Cancellation);
        await EnsureAsync(response, expected);
        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (_accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        }

        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        }
    }
}
