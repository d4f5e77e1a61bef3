using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>Importing archives, hostile ones included; runs on PostgreSQL and on SQLite.</summary>
public abstract class ImportTests(WorkspaceHost host)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_zip_is_imported_without_ignored_folders_and_gitignored_files()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var zip = Archives.Zip(
            ("src/main.py", "print('main')\n"), (".gitignore", "*.log\nbuild/\n"), ("debug.log", "noise"), ("build/out.txt", "artifact"),
            (".git/HEAD", "ref: refs/heads/main"), ("node_modules/left-pad/index.js", "module.exports = 1"), ("bin/Debug/app.dll", "MZ"),
            ("docs/guide.md", "# Guide\n"));

        using var response = await user.UploadAsync(ws, zip, "project.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(3, summary.GetProperty("imported").GetInt32());
        Assert.Equal(5, summary.GetProperty("skippedCount").GetInt32());
        var tree = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true");
        Assert.Equal([".gitignore", "docs/guide.md", "src/main.py"], tree.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal("print('main')\n", await user.ReadAsync(ws, "src/main.py"));
        var revision = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0];
        Assert.Equal("import", revision.GetProperty("kind").GetString());
        Assert.Equal(3, revision.GetProperty("fileCount").GetInt32());
    }

    [Fact]
    public async Task A_tar_gz_is_imported_and_searchable()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var archive = Archives.TarGz(Archives.TarFile("./pkg/server.go", "package pkg\n\nfunc Serve() {}\n"), Archives.TarFile("./README", "read me\n"));

        using var response = await user.UploadAsync(ws, archive, "project.tar.gz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("package pkg\n\nfunc Serve() {}\n", await user.ReadAsync(ws, "pkg/server.go"));
        var hits = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=Serve&mode=symbol")).GetProperty("hits");
        Assert.Equal("pkg/server.go:3", $"{hits[0].GetProperty("path").GetString()}:{hits[0].GetProperty("line").GetInt32()}");
    }

    public static TheoryData<string, string> HostileArchives => new()
    {
        { "zip-slip", "unsafe-archive" },
        { "absolute", "unsafe-archive" },
        { "backslash", "unsafe-archive" },
        { "tar-symlink", "unsafe-archive" },
        { "tar-hardlink", "unsafe-archive" },
        // Whichever limit trips first (ratio or size) stops it; the archive unit tests pin each check separately.
        { "zip-bomb", "archive-bomb|too-large" },
        { "too-many-entries", "too-many-entries" },
        { "too-large-file", "too-large" },
        { "not-an-archive", "unsupported-archive" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task A_hostile_archive_is_refused_and_nothing_is_imported(string kind, string problem)
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "existing.txt", "untouched\n");
        var (archive, name) = Hostile(kind);

        using var response = await user.UploadAsync(ws, archive, name);
        var error = await ErrorAsync(user, ws, response);

        Assert.True(error.GetProperty("status").GetInt32() is 400 or 413 or 415, $"{kind}: {error}");
        var type = error.GetProperty("type").GetString()!;
        Assert.True(problem.Split('|').Any(p => type.EndsWith("/" + p, StringComparison.Ordinal)), $"{kind}: {type}");
        var tree = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true");
        Assert.Equal(["existing.txt"], tree.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal(1, await user.RevisionCountAsync(ws));
    }

    [Fact]
    public async Task A_truncated_upload_is_400()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        using var request = user.Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/import");
        request.Content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.zip\"\r\n\r\nPK\u0003\u0004 and then the connection drops");
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await user.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("/invalid-multipart", await Auth.AuthClient.ProblemTypeAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_over_the_workspace_file_limit_imports_nothing()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var zip = Archives.Zip([.. Enumerable.Range(0, WorkspaceHost.MaxFiles + 1).Select(i => ($"f{i}.txt", Encoding.UTF8.GetBytes($"file {i}\n")))]);

        using var response = await user.UploadAsync(ws, zip, "many.zip");
        var error = await ErrorAsync(user, ws, response);

        Assert.Equal(413, error.GetProperty("status").GetInt32());
        Assert.Equal(0, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree")).GetArrayLength());
    }

    [Fact]
    public async Task A_large_import_runs_as_a_job_the_caller_can_follow()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        // Random text does not compress, so the upload is over the synchronous threshold.
        var random = new Random(42);
        var files = Enumerable.Range(0, 40).Select(i => ($"gen/file{i:D2}.txt",
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(_ => (char)random.Next('a', 'z' + 1)))))).ToList();
        var zip = Archives.Zip(files);
        Assert.True(zip.Length > WorkspaceHost.SynchronousImportMaxBytes);

        using var response = await user.UploadAsync(ws, zip, "big.zip");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        var status = await user.FinishedImportJobAsync(ws, response);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(40, status.GetProperty("result").GetProperty("imported").GetInt32());
        Assert.Equal(zip.Length, status.GetProperty("bytesRead").GetInt64());
        Assert.Equal(Encoding.UTF8.GetString(files[7].Item2), await user.ReadAsync(ws, "gen/file07.txt"));
    }

    /// <summary>The problem an import ended with, whether answered at once or by its job.</summary>
    private static async Task<JsonElement> ErrorAsync(WorkspaceClient user, string ws, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var job = await user.FinishedImportJobAsync(ws, response);
            Assert.Equal("failed", job.GetProperty("status").GetString());
            return job.GetProperty("error");
        }

        Assert.False(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
    private static (byte[] Archive, string Name) Hostile(string kind) => kind switch
    {
        "zip-slip" => (Archives.Zip(("ok.txt", "fine"), ("../../evil.sh", "rm -rf /")), "slip.zip"),
        "absolute" => (Archives.Zip(("/etc/cron.d/evil", "* * * * * root evil")), "abs.zip"),
        "backslash" => (Archives.Zip(("..\\..\\evil.txt", "evil")), "bs.zip"),
        "tar-symlink" => (Archives.TarGz(Archives.TarFile("ok.txt", "fine"), Archives.TarLink("link", "/etc/passwd")), "link.tar.gz"),
        "tar-hardlink" => (Archives.TarGz(Archives.TarLink("hard", "/etc/shadow", TarEntryType.HardLink)), "hard.tar.gz"),
        // 50 MB of zeros packs into about 50 KB; it is stopped long before it is all inflated.
        "zip-bomb" => (Archives.ZipBomb(50L * 1024 * 1024), "bomb.zip"),
        "too-many-entries" => (Archives.Zip([.. Enumerable.Range(0, WorkspaceHost.MaxArchiveEntries + 1).Select(i => ($"e{i}", "x"u8.ToArray()))]), "many.zip"),
        "too-large-file" => (Archives.Zip([("big.txt", Encoding.UTF8.GetBytes(RandomText((int)WorkspaceHost.MaxFileBytes + 1)))]), "big.zip"),
        _ => (Encoding.UTF8.GetBytes("this is not an archive"), "notes.zip"),
    };

    private static string RandomText(int length)
    {
        var random = new Random(7);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)r.Next('a', 'z' + 1);
            }
        });
    }
}

public sealed class PostgresImportTests(PostgresWorkspaceHost host) : ImportTests(host), IClassFixture<PostgresWorkspaceHost>;

public sealed class SqliteImportTests(SqliteWorkspaceHost host) : ImportTests(host), IClassFixture<SqliteWorkspaceHost>;
