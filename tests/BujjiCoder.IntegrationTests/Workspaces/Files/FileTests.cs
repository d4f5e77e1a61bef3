using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>Reading and writing files through the Api; runs on PostgreSQL and on SQLite.</summary>
public abstract class FileTests(WorkspaceHost host)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_is_created_read_replaced_and_deleted_with_etags()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();

        using var created = await user.PutFileAsync(ws, "src/app.py", "print('hi')\n");
        var etag = created.Headers.ETag!.ToString();
        using var read = await user.GetFileAsync(ws, "src/app.py");
        using var replaced = await user.PutFileAsync(ws, "src/app.py", "print('bye')\n", ifMatch: etag);
        using var stale = await user.PutFileAsync(ws, "src/app.py", "print('lost')\n", ifMatch: etag);
        using var createOnly = await user.PutFileAsync(ws, "src/app.py", "again", createOnly: true);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", read.Content.Headers.ContentType!.ToString());
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        Assert.Equal("print('hi')\n", await read.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(etag, replaced.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, createOnly.StatusCode);
        Assert.Equal("print('bye')\n", await user.ReadAsync(ws, "src/app.py"));

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/app.py");
        using var deletedAgain = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/app.py");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Null(await user.ReadAsync(ws, "src/app.py"));
    }

    [Fact]
    public async Task A_stale_write_is_told_the_current_etag_and_can_overwrite_with_it_without_reading_again()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var mine = await user.WriteAsync(ws, "notes.md", "draft\n");
        var theirs = await user.WriteAsync(ws, "notes.md", "their change\n");

        using var stale = await user.PutFileAsync(ws, "notes.md", "my change\n", ifMatch: mine);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var overwrite = await user.PutFileAsync(ws, "notes.md", "my change\n", ifMatch: stale.Headers.ETag!.ToString());
        using var deleteRequest = user.Request(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/notes.md");
        deleteRequest.Headers.TryAddWithoutValidation("If-Match", theirs);
        using var staleDelete = await user.Http.SendAsync(deleteRequest, Cancellation);
        using var gone = await user.PutFileAsync(ws, "missing.md", "x", ifMatch: mine);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.EndsWith("/stale-version", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(theirs, stale.Headers.ETag!.ToString());
        Assert.Equal(theirs, problem.GetProperty("currentEtag").GetString());
        Assert.Equal(HttpStatusCode.OK, overwrite.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal(overwrite.Headers.ETag!.ToString(), staleDelete.Headers.ETag!.ToString());
        // Nothing to overwrite: no version to offer.
        Assert.Equal(HttpStatusCode.PreconditionFailed, gone.StatusCode);
        Assert.Null(gone.Headers.ETag);
        Assert.Equal("my change\n", await user.ReadAsync(ws, "notes.md"));
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_if_match_never_both_win()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        var etag = await user.WriteAsync(ws, "counter.txt", "0");

        var writers = Enumerable.Range(1, 12).Select(async i =>
        {
            using var response = await user.PutFileAsync(ws, "counter.txt", $"writer {i}", ifMatch: etag);
            return (i, response.StatusCode);
        });
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal($"writer {winner.i}", await user.ReadAsync(ws, "counter.txt"));
    }

    [Fact]
    public async Task Concurrent_edits_of_one_file_all_land()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        const int Editors = 10;
        await user.WriteAsync(ws, "slots.txt", string.Join('\n', Enumerable.Range(0, Editors).Select(i => $"slot-{i}: empty")) + "\n");

        var edits = await Task.WhenAll(Enumerable.Range(0, Editors).Select(async i =>
        {
            using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit",
                new { path = "slots.txt", oldString = $"slot-{i}: empty", newString = $"slot-{i}: taken by {i}" });
            return response.StatusCode;
        }));

        Assert.All(edits, status => Assert.Equal(HttpStatusCode.OK, status));
        var text = await user.ReadAsync(ws, "slots.txt");
        Assert.All(Enumerable.Range(0, Editors), i => Assert.Contains($"slot-{i}: taken by {i}\n", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edit_replaces_one_exact_match_and_refuses_missing_or_ambiguous_ones()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "a.cs", "var x = 1;\nvar y = 1;\n");
        var edit = $"/api/v1/workspaces/{ws}/edit";

        using var once = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "x = 1", newString = "x = 2" });
        using var ambiguous = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "var ", newString = "let " });
        using var missing = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "z = 9", newString = "z = 1" });
        using var noFile = await user.SendAsync(HttpMethod.Post, edit, new { path = "b.cs", oldString = "x", newString = "y" });
        var afterRefusals = await user.ReadAsync(ws, "a.cs");
        using var all = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "var", newString = "int", replaceAll = true });

        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        var body = await once.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(1, body.GetProperty("replacements").GetInt32());
        Assert.StartsWith("\"", body.GetProperty("etag").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, ambiguous.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noFile.StatusCode);
        Assert.Equal("var x = 2;\nvar y = 1;\n", afterRefusals);
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("replacements").GetInt32());
        Assert.Equal("int x = 2;\nint y = 1;\n", await user.ReadAsync(ws, "a.cs"));

        // An empty new string deletes; an edit that would outgrow the file limit is refused before it is built.
        using var removed = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "int y = 1;\n", newString = "" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("int x = 2;\n", await user.ReadAsync(ws, "a.cs"));
        using var huge = await user.SendAsync(HttpMethod.Post, edit, new { path = "a.cs", oldString = "x", newString = new string('x', (int)WorkspaceHost.MaxFileBytes), replaceAll = true });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task A_path_cannot_be_both_a_file_and_a_directory()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "a", "a file\n");
        await user.WriteAsync(ws, "dir/x.txt", "x\n");

        using var underFile = await user.PutFileAsync(ws, "a/b.txt", "b");
        using var overDirectory = await user.PutFileAsync(ws, "dir", "d");
        using var import = await user.UploadAsync(ws, Archives.Zip(("a/c.txt", "c")), "clash.zip");

        Assert.Equal(HttpStatusCode.Conflict, underFile.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, overDirectory.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, import.StatusCode);
        Assert.Equal(["a", "dir/x.txt"], (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task The_tree_lists_directories_and_files()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "README.md", "# hi\n");
        await user.WriteAsync(ws, "src/main.go", "package main\n");
        await user.WriteAsync(ws, "src/util/strings.go", "package util\n");
        await user.WriteAsync(ws, "src_old/x.go", "package x\n");

        var root = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree");
        var src = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?path=src");
        var all = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?path=src&recursive=true");
        using var missing = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?path=nope");

        Assert.Equal(["dir src 26", "dir src_old 10", "file README.md 5"], Entries(root));
        Assert.Equal(["dir src/util 13", "file src/main.go 13"], Entries(src));
        Assert.Equal(["file src/main.go 13", "file src/util/strings.go 13"], Entries(all));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var main = all[0];
        Assert.Equal("go", main.GetProperty("language").GetString());
        Assert.Equal(user.UserId, main.GetProperty("updatedBy").GetString());
        Assert.False(main.GetProperty("binary").GetBoolean());
        using var read = await user.GetFileAsync(ws, "src/main.go");
        Assert.Equal(read.Headers.ETag!.ToString(), main.GetProperty("etag").GetString());

        // Listings are cached per revision: the next change must show at once.
        await user.WriteAsync(ws, "src/added.go", "package main\n");
        using var removed = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/util/strings.go");
        Assert.Equal(["file src/added.go 13", "file src/main.go 13"], Entries(await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?path=src")));
    }

    [Fact]
    public async Task Binary_files_are_kept_byte_for_byte_and_limits_are_enforced()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x00];

        using var stored = await user.PutFileAsync(ws, "logo.png", png);
        using var read = await user.GetFileAsync(ws, "logo.png");
        using var tooLarge = await user.PutFileAsync(ws, "big.txt", new string('x', (int)WorkspaceHost.MaxFileBytes + 1));
        using var editBinary = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = "logo.png", oldString = "PNG", newString = "GIF" });

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal("application/octet-stream", read.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await read.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Null(await user.ReadAsync(ws, "big.txt"));
        Assert.Equal(HttpStatusCode.BadRequest, editBinary.StatusCode);
    }

    [Fact]
    public async Task Export_gives_back_every_file_as_a_zip()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync("export me");
        var files = new Dictionary<string, string> { ["a.txt"] = "alpha\n", ["dir/b.rs"] = "fn main() {}\n", ["dir/sub/ünïcode.md"] = "é\n" };
        foreach (var (path, text) in files)
        {
            await user.WriteAsync(ws, path, text);
        }

        using var response = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(Cancellation));
        var exported = zip.Entries.ToDictionary(e => e.FullName, e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd());
        Assert.Equal(files.OrderBy(f => f.Key, StringComparer.Ordinal), exported.OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    private static List<string> Entries(JsonElement entries) =>
        [.. entries.EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("path").GetString()} {e.GetProperty("size").GetInt64()}")];
}

public sealed class PostgresFileTests(PostgresWorkspaceHost host) : FileTests(host), IClassFixture<PostgresWorkspaceHost>;

public sealed class SqliteFileTests(SqliteWorkspaceHost host) : FileTests(host), IClassFixture<SqliteWorkspaceHost>;
