using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>Unified diffs, revisions, revert and rules; runs on PostgreSQL and on SQLite.</summary>
public abstract class DiffAndRevisionTests(WorkspaceHost host)
{
    private const string Original = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_diff_applies_with_an_offset_when_lines_were_added_above()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("list.txt", "zero\nzero.five\n" + Original));
        const string Diff = "--- a/list.txt\n+++ b/list.txt\n@@ -3,3 +3,3 @@\n three\n-four\n+FOUR\n five\n";

        var preview = await PostJsonAsync(user, $"/api/v1/workspaces/{ws}/diff/preview", new { diff = Diff });
        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff, message = "shout four" });

        var file = preview.GetProperty("files")[0];
        Assert.True(preview.GetProperty("applies").GetBoolean());
        Assert.Equal(2, file.GetProperty("hunks")[0].GetProperty("offset").GetInt32());
        Assert.Equal("zero\nzero.five\none\ntwo\nthree\nFOUR\nfive\nsix\nseven\n", file.GetProperty("resultingText").GetString());
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("zero\nzero.five\none\ntwo\nthree\nFOUR\nfive\nsix\nseven\n", await user.ReadAsync(ws, "list.txt"));
        var revision = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0];
        Assert.Equal("shout four", revision.GetProperty("message").GetString());
        Assert.Equal("diff", revision.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_diff_applies_with_fuzz_when_a_context_line_changed()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("list.txt", Original.Replace("three", "THREE (edited)", StringComparison.Ordinal)));
        const string Diff = "--- a/list.txt\n+++ b/list.txt\n@@ -2,5 +2,5 @@\n two\n three\n four\n-five\n+FIVE\n six\n";

        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff });

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("one\ntwo\nTHREE (edited)\nfour\nFIVE\nsix\nseven\n", await user.ReadAsync(ws, "list.txt"));
        var hunk = (await applied.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("files")[0].GetProperty("hunks")[0];
        Assert.True(hunk.GetProperty("fuzz").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_conflicting_diff_changes_nothing_in_any_file()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", Original), ("b.txt", "bee\n"));
        var revisions = await user.RevisionCountAsync(ws);
        const string Diff = "--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-bee\n+BEE\n"
            + "--- a/a.txt\n+++ b/a.txt\n@@ -2,3 +2,3 @@\n two\n-not there\n+replaced\n four\n";

        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff });

        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        var conflict = (await applied.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("files")[0];
        Assert.Equal("a.txt", conflict.GetProperty("path").GetString());
        Assert.Equal(1, conflict.GetProperty("conflicts")[0].GetProperty("hunk").GetInt32());
        Assert.Equal("bee\n", await user.ReadAsync(ws, "b.txt"));
        Assert.Equal(Original, await user.ReadAsync(ws, "a.txt"));
        Assert.Equal(revisions, await user.RevisionCountAsync(ws));
    }

    [Fact]
    public async Task A_diff_creates_and_deletes_files_in_one_revision()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("old.txt", "goodbye\n"), ("keep.txt", "keep\n"));
        const string Diff = "diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-goodbye\n"
            + "diff --git a/new/hello.py b/new/hello.py\nnew file mode 100644\n--- /dev/null\n+++ b/new/hello.py\n@@ -0,0 +1,2 @@\n+def hello():\n+    return 1\n";

        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff });

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Null(await user.ReadAsync(ws, "old.txt"));
        Assert.Equal("def hello():\n    return 1\n", await user.ReadAsync(ws, "new/hello.py"));
        var revisionId = (await applied.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("revision").GetString();
        var revision = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions/{revisionId}");
        Assert.Equal(["new/hello.py added", "old.txt deleted"],
            revision.GetProperty("files").EnumerateArray().Select(f => $"{f.GetProperty("path").GetString()} {f.GetProperty("change").GetString()}"));

        // Creating a file that exists, or patching one that does not, is a conflict too.
        using var again = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_rename_onto_an_existing_file_is_a_conflict()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("old.txt", "same\n"), ("taken.txt", "mine\n"));
        const string Diff = "diff --git a/old.txt b/taken.txt\nsimilarity index 100%\nrename from old.txt\nrename to taken.txt\n";

        var preview = await PostJsonAsync(user, $"/api/v1/workspaces/{ws}/diff/preview", new { diff = Diff });
        using var applied = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = Diff });

        Assert.False(preview.GetProperty("applies").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        Assert.Equal("mine\n", await user.ReadAsync(ws, "taken.txt"));
        Assert.Equal("same\n", await user.ReadAsync(ws, "old.txt"));
    }

    [Fact]
    public async Task Malformed_diffs_are_400()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.txt", "a\n"));
        foreach (var diff in new[] { "just some prose", "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n" })
        {
            using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/preview", new { diff });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Every_change_is_a_revision_that_can_be_shown_and_reverted()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        await user.WriteAsync(ws, "app.js", "const a = 1;\n");
        await user.WriteAsync(ws, "app.js", "const a = 2;\n");
        using var edit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = "app.js", oldString = "2", newString = "3" });
        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/app.js");

        var history = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions");
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["delete", "edit", "write", "write"], items.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal([4L, 3, 2, 1], items.Select(r => r.GetProperty("number").GetInt64()));
        Assert.All(items, r => Assert.Equal(user.UserId, r.GetProperty("authorId").GetString()));

        var editId = items[1].GetProperty("id").GetString();
        using var diff = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/revisions/{editId}/diff");
        Assert.Equal("diff --git a/app.js b/app.js\n--- a/app.js\n+++ b/app.js\n@@ -1 +1 @@\n-const a = 2;\n+const a = 3;\n",
            StripIndexLine(await diff.Content.ReadAsStringAsync(Cancellation)));

        // The edit cannot be reverted while a later revision (the delete) changed the same file...
        using var blocked = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/revisions/{editId}/revert");
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);

        // ...so revert the delete first, then the edit.
        using var undelete = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/revisions/{items[0].GetProperty("id").GetString()}/revert");
        Assert.Equal(HttpStatusCode.OK, undelete.StatusCode);
        Assert.Equal("const a = 3;\n", await user.ReadAsync(ws, "app.js"));
        using var unedit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/revisions/{editId}/revert");
        Assert.Equal(HttpStatusCode.OK, unedit.StatusCode);
        var reverted = await unedit.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("revert", reverted.GetProperty("kind").GetString());
        Assert.Equal(editId, reverted.GetProperty("revertOf").GetString());
        Assert.Equal("const a = 2;\n", await user.ReadAsync(ws, "app.js"));
        Assert.Equal(6, await user.RevisionCountAsync(ws));
    }

    [Fact]
    public async Task Rules_are_versioned_like_files()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();

        var empty = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/rules");
        using var first = await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "Use tabs.\n" });
        using var second = await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "Use spaces.\n" });
        var current = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/rules");
        var latest = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0];
        using var revert = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/revisions/{latest.GetProperty("id").GetString()}/revert");

        Assert.Equal(string.Empty, empty.GetProperty("text").GetString());
        using (var stale = user.Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules"))
        {
            stale.Content = JsonContent.Create(new { text = "" });
            stale.Headers.TryAddWithoutValidation("If-Match", "\"not-the-rules\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await user.Http.SendAsync(stale, Cancellation)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Use spaces.\n", current.GetProperty("text").GetString());
        Assert.Equal("rules", latest.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, revert.StatusCode);
        Assert.Equal("Use tabs.\n", (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/rules")).GetProperty("text").GetString());
        Assert.Equal(0, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree")).GetArrayLength());
    }


    private static async Task<JsonElement> PostJsonAsync(WorkspaceClient user, string path, object body)
    {
        using var response = await user.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static string StripIndexLine(string diff) =>
        string.Concat(diff.Split('\n').Where(line => !line.StartsWith("index ", StringComparison.Ordinal)).Select(line => line + "\n"))[..^1];
}

public sealed class PostgresDiffAndRevisionTests(PostgresWorkspaceHost host) : DiffAndRevisionTests(host), IClassFixture<PostgresWorkspaceHost>;

public sealed class SqliteDiffAndRevisionTests(SqliteWorkspaceHost host) : DiffAndRevisionTests(host), IClassFixture<SqliteWorkspaceHost>;
