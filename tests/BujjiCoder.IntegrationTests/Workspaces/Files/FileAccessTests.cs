using System.Net;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>Who may do what, and paths that try to leave the workspace; runs on PostgreSQL and on SQLite.</summary>
public abstract class FileAccessTests(WorkspaceHost host)
{
    public static TheoryData<string> AttackPaths =>
    [
        "../etc/passwd", "a/../../etc/passwd", "/etc/passwd", "C:/Windows/win.ini", "c:\\boot.ini", "..\\..\\x", "a\\b",
        "%2e%2e/x", "%252e%252e/x", "a/%2F/b", "a\u0000b", "a\u0001b", "\u2025/x", "\uFF0E\uFF0E/x", "a\uFF0Fb", "\u2024\u2024/x",
        "~/x", "a/~root/b", "./a", "a/./b", "a//b", "a/", "",
    ];

    [Theory]
    [MemberData(nameof(AttackPaths))]
    public async Task A_path_that_escapes_or_disguises_itself_is_refused_before_storage(string path)
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();

        using var edit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path, oldString = "a", newString = "b" });
        using var tree = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?path={Uri.EscapeDataString(path)}&recursive=true");
        using var diff = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply",
            new { diff = $"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1 @@\n+owned\n" });

        // Written into a URL the path may be normalised by the client or the server first: 400 or 404, never stored.
        // ("./a" is only "a" to a URL, so '.' segments are left to the body-path checks above; a NUL cannot be
        // put in a request line at all — the test server refuses to send it, Kestrel answers 400.)
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        using var put = path.Split('/').Contains(".") || path.Contains('\0', StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.BadRequest)
            : await user.Http.SendAsync(Put(user, new Uri($"/api/v1/workspaces/{ws}/files/{escaped}", UriKind.Relative)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.True(tree.StatusCode == HttpStatusCode.BadRequest || path.Length == 0, $"tree: {tree.StatusCode}");
        Assert.Equal(HttpStatusCode.BadRequest, diff.StatusCode);
        Assert.Contains(put.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal(0, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_change_anything()
    {
        var http = host.Factory.CreateClient();
        var owner = await WorkspaceClient.SignUpAsync(http);
        var viewer = await WorkspaceClient.SignUpAsync(http);
        var ws = await owner.CreateWorkspaceAsync();
        await owner.WriteAsync(ws, "a.txt", "hello\n");
        await owner.AddMemberAsync(ws, viewer.UserId, "Viewer");
        var revision = (await owner.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0].GetProperty("id").GetString()!;

        Assert.Equal("hello\n", await viewer.ReadAsync(ws, "a.txt"));
        foreach (var (method, path, body) in WriteRoutes(ws, revision))
        {
            using var response = await viewer.SendAsync(method, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }

        using var put = await viewer.PutFileAsync(ws, "a.txt", "defaced");
        using var import = await viewer.UploadAsync(ws, Archives.Zip(("x.txt", "x")), "x.zip");
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal("hello\n", await owner.ReadAsync(ws, "a.txt"));
    }

    [Fact]
    public async Task A_non_member_gets_404_on_every_file_route()
    {
        var http = host.Factory.CreateClient();
        var owner = await WorkspaceClient.SignUpAsync(http);
        var stranger = await WorkspaceClient.SignUpAsync(http);
        var ws = await owner.CreateWorkspaceAsync();
        await owner.WriteAsync(ws, "a.txt", "secret\n");
        var revision = (await owner.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0].GetProperty("id").GetString()!;

        foreach (var (method, path, body) in ReadRoutes(ws, revision).Concat(WriteRoutes(ws, revision)))
        {
            using var response = await stranger.SendAsync(method, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }

        using var put = await stranger.PutFileAsync(ws, "a.txt", "mine");
        using var import = await stranger.UploadAsync(ws, Archives.Zip(("x.txt", "x")), "x.zip");
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, import.StatusCode);
        Assert.Equal("secret\n", await owner.ReadAsync(ws, "a.txt"));
    }

    private static IEnumerable<(HttpMethod, string, object?)> ReadRoutes(string ws, string revision) =>
    [
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/a.txt", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/export", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/revisions", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/revisions/{revision}", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/revisions/{revision}/diff", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/rules", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=secret", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=secret&mode=symbol", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{ws}/import/{Guid.NewGuid()}", null),
        (HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/preview", new { diff = "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-secret\n+public\n" }),
    ];

    private static IEnumerable<(HttpMethod, string, object?)> WriteRoutes(string ws, string revision) =>
    [
        (HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/a.txt", null),
        (HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = "a.txt", oldString = "e", newString = "E", replaceAll = true }),
        (HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x\n" }),
        (HttpMethod.Post, $"/api/v1/workspaces/{ws}/revisions/{revision}/revert", null),
        (HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "be evil" }),
    ];

    private static HttpRequestMessage Put(WorkspaceClient user, Uri uri)
    {
        var request = user.Request(HttpMethod.Put, uri.OriginalString);
        request.Content = new StringContent("owned");
        return request;
    }
}

public sealed class PostgresFileAccessTests(PostgresWorkspaceHost host) : FileAccessTests(host), IClassFixture<PostgresWorkspaceHost>;

public sealed class SqliteFileAccessTests(SqliteWorkspaceHost host) : FileAccessTests(host), IClassFixture<SqliteWorkspaceHost>;
