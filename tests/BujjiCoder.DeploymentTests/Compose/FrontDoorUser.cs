using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>A user of the deployed stack, calling the Api through the front door as the web app does.</summary>
internal sealed class FrontDoorUser(HttpClient http, string accessToken)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public string AccessToken { get; } = accessToken;

    /// <summary>Registers a new account (the test stack's registration is open) and signs in.</summary>
    public static async Task<FrontDoorUser> RegisterAsync(HttpClient http)
    {
        var name = $"user{Guid.NewGuid():N}"[..16];
        var password = $"Pw-{Guid.NewGuid():N}";
        using (var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { userName = name, email = $"{name}@example.test", password }, Cancellation))
        {
            await ExpectAsync(registered, HttpStatusCode.Created, "register");
        }

        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = name, password }, Cancellation);
        await ExpectAsync(login, HttpStatusCode.OK, "login");
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return new FrontDoorUser(http, tokens.GetProperty("accessToken").GetString()!);
    }

    public async Task<string> CreateWorkspaceAsync(string name)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/workspaces", HttpStatusCode.Created, JsonContent.Create(new { name }));
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>Uploads a .zip of <paramref name="files"/> to the workspace's import; small, so it is imported while the caller waits.</summary>
    public async Task<JsonElement> ImportAsync(string ws, params (string Path, string Text)[] files)
    {
        using var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                await using var entry = await zip.CreateEntry(path).OpenAsync(Cancellation);
                await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), Cancellation);
            }
        }

        var file = new ByteArrayContent(archive.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var form = new MultipartFormDataContent { { file, "file", "project.zip" } };
        return await SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/import", HttpStatusCode.OK, form);
    }

    public async Task<string> ReadFileAsync(string ws, string path)
    {
        using var request = Request(HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/{path}");
        using var response = await http.SendAsync(request, Cancellation);
        await ExpectAsync(response, HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    public Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(HttpMethod.Post, path, expected, JsonContent.Create(body));

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpStatusCode expected, HttpContent content)
    {
        using var request = Request(method, path);
        request.Content = content;
        using var response = await http.SendAsync(request, Cancellation);
        await ExpectAsync(response, expected, $"{method} {path}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return request;
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what) =>
        Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
}
