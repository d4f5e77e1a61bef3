using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using static BujjiCoder.IntegrationTests.Security.SuiteCallers;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API1:2023 Broken Object Level Authorization. A second user replays every route that takes an id with the
/// first user's ids (and mixes their own workspace with the first user's revisions, jobs and conversations): each
/// call is 404 — a workspace, file, revision, job, conversation, token or session of someone else is "not found", never
/// "forbidden" — and afterwards everything the owner, the stranger and an administrator can read is unchanged.
/// The attack table is checked against the Api's live route table, so a new route with an id fails this class
/// until it has an attack here.
/// </summary>
public sealed class Api01ObjectLevelAuthorizationTests(AuthorizationSuiteHost host) : IClassFixture<AuthorizationSuiteHost>
{
    private const string V1 = "/api/v1";

    /// <summary>Workspace routes that only read, although they are POSTs: a Viewer may call them (chat is reading).</summary>
    private static readonly string[] ReadingPosts =
    [
        "POST /api/v1/workspaces/{ws}/diff/preview",
        "POST /api/v1/workspaces/{ws}/conversations",
        "POST /api/v1/workspaces/{ws}/composer",
        "POST /api/v1/workspaces/{ws}/completion",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_route_that_takes_an_id_has_an_attack_in_the_table()
    {
        var withIds = RouteInventory.Of(host.Factory.Services).Where(route => route.HasParameters).Select(route => route.Key).ToHashSet();
        var attacked = StrangerAttacks(Placeholder).Select(attack => attack.Route).ToHashSet();

        Assert.True(withIds.Count >= 30, $"only {withIds.Count} routes with ids found: is the route table read correctly?");
        Assert.True(withIds.IsSubsetOf(attacked), $"routes without an object-level attack: {string.Join(", ", withIds.Except(attacked))}");
        Assert.True(attacked.IsSubsetOf(withIds), $"attacks on routes that do not exist: {string.Join(", ", attacked.Except(withIds))}");
    }

    [Fact]
    public async Task A_stranger_using_someone_elses_ids_gets_404_everywhere_and_changes_nothing()
    {
        using var http = host.Factory.CreateClient();
        var scene = await ResourceScene.BuildAsync(http);
        var before = await scene.SnapshotAsync(http);

        var failures = new List<string>();
        foreach (var attack in StrangerAttacks(scene))
        {
            failures.AddRange(await TryAsync(http, scene.Stranger, attack));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await scene.SnapshotAsync(http));
        // The owner's token survived the stranger's revoke and rotate; the stranger's own key is the stranger's alone.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, $"{V1}/auth/me", scene.TokenValue)).StatusCode);
        var strangersKeys = await GetJsonAsync(http, $"{V1}/me/provider-keys", scene.Stranger.Token);
        Assert.Equal("9999", Assert.Single(strangersKeys.EnumerateArray()).GetProperty("last4").GetString());
    }

    [Fact]
    public async Task A_viewer_gets_403_on_every_write_and_an_editor_on_every_owner_route_and_nothing_changes()
    {
        using var http = host.Factory.CreateClient();
        var scene = await ResourceScene.BuildAsync(http);
        var viewer = await NewUserAsync(http);
        var editor = await NewUserAsync(http);
        foreach (var (member, role) in new[] { (viewer, "Viewer"), (editor, "Editor") })
        {
            using var added = await SendAsync(http, HttpMethod.Put, $"{V1}/workspaces/{scene.Ws}/members/{member.UserId}", scene.Owner.Token, Json(new { role }));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var before = await scene.SnapshotAsync(http);
        var failures = new List<string>();
        foreach (var attack in WritesRefusedToViewers(scene, viewer))
        {
            failures.AddRange(await TryAsync(http, viewer, attack));
        }

        foreach (var attack in ManagementRefusedToEditors(scene, editor))
        {
            failures.AddRange(await TryAsync(http, editor, attack));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await scene.SnapshotAsync(http));
        // They are members after all: reading works, so the 403s above are about the role, not about access.
        Assert.Equal(ResourceScene.FileText, await ReadFileAsync(http, viewer, scene));
        Assert.Equal(ResourceScene.FileText, await ReadFileAsync(http, editor, scene));
    }

    [Fact]
    public void Every_workspace_write_route_is_tried_by_a_viewer()
    {
        var writes = RouteInventory.Of(host.Factory.Services)
            .Where(route => route.Pattern.StartsWith("/api/v1/workspaces/{ws}", StringComparison.Ordinal) && route.Method != "GET")
            .Select(route => route.Key).Except(ReadingPosts).ToHashSet();
        var tried = WritesRefusedToViewers(Placeholder, Placeholder.Stranger).Select(attack => attack.Route).ToHashSet();

        Assert.True(writes.IsSubsetOf(tried), $"workspace writes no viewer tries: {string.Join(", ", writes.Except(tried))}");
    }

    [Fact]
    public async Task Lists_show_only_the_callers_own_objects_whatever_the_query_says()
    {
        using var http = host.Factory.CreateClient();
        var scene = await ResourceScene.BuildAsync(http);
        var stranger = scene.Stranger.Token;
        var owner = scene.Owner.UserId;

        var workspaces = await GetJsonAsync(http, $"{V1}/workspaces?userId={owner}", stranger);
        var tokens = await GetJsonAsync(http, $"{V1}/me/tokens?userId={owner}", stranger);
        var keys = await GetJsonAsync(http, $"{V1}/me/provider-keys?userId={owner}", stranger);
        // The owner chats in the stranger's workspace: the workspace is the stranger's, the conversation is not.
        var chats = await GetJsonAsync(http, $"{V1}/workspaces/{scene.StrangersWs}/conversations?userId={owner}", stranger);

        Assert.Equal([scene.StrangersWs], workspaces.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(0, tokens.GetArrayLength());
        Assert.Equal(0, keys.GetArrayLength());
        Assert.Equal(0, chats.GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJsonAsync(http, $"{V1}/workspaces/{scene.StrangersWs}/conversations", scene.Owner.Token)).GetProperty("total").GetInt32());
    }

    /// <summary>One request of an attack: the route it exercises (as the route table names it), the path, a body, and the answer it must get.</summary>
    private sealed record Attack(string Route, string Path, Func<HttpContent?>? Body = null, HttpStatusCode Expected = HttpStatusCode.NotFound)
    {
        public HttpMethod Method => new(Route[..Route.IndexOf(' ', StringComparison.Ordinal)]);
    }

    /// <summary>A scene of placeholder ids, enough to read the routes an attack list names.</summary>
    private static readonly ResourceScene Placeholder = new(
        new Caller("u", "u", "t"), new Caller("s", "s", "t"), new Caller("a", "a", "t"), "ws", "rev", "job", "c1", "c2", "tok", "bjc_", "inv", "ws2", "sid");

    /// <summary>
    /// Every route with an id, called by the stranger with the owner's ids. Destructive calls come last so that, were
    /// one to succeed, the calls before it still met the owner's data.
    /// </summary>
    private static IEnumerable<Attack> StrangerAttacks(ResourceScene s)
    {
        var ws = $"{V1}/workspaces/{s.Ws}";
        var mine = $"{V1}/workspaces/{s.StrangersWs}";
        return
        [
            new("GET /api/v1/workspaces/{ws}", ws),
            new("GET /api/v1/workspaces/{ws}/members", $"{ws}/members"),
            new("GET /api/v1/workspaces/{ws}/tree", $"{ws}/tree"),
            new("GET /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/{ResourceScene.File}"),
            new("GET /api/v1/workspaces/{ws}/export", $"{ws}/export"),
            new("GET /api/v1/workspaces/{ws}/rules", $"{ws}/rules"),
            new("GET /api/v1/workspaces/{ws}/search", $"{ws}/search?q=secret"),
            new("GET /api/v1/workspaces/{ws}/search", $"{ws}/search?q=alpha&mode=symbol"),
            new("GET /api/v1/workspaces/{ws}/search", $"{ws}/search?q=where+is+the+secret&mode=hybrid"),
            new("GET /api/v1/workspaces/{ws}/search/index", $"{ws}/search/index"),
            new("GET /api/v1/workspaces/{ws}/revisions", $"{ws}/revisions"),
            new("GET /api/v1/workspaces/{ws}/revisions/{rev}", $"{ws}/revisions/{s.Revision}"),
            new("GET /api/v1/workspaces/{ws}/revisions/{rev}", $"{mine}/revisions/{s.Revision}"),
            new("GET /api/v1/workspaces/{ws}/revisions/{rev}/diff", $"{ws}/revisions/{s.Revision}/diff"),
            new("GET /api/v1/workspaces/{ws}/revisions/{rev}/diff", $"{mine}/revisions/{s.Revision}/diff"),
            new("GET /api/v1/workspaces/{ws}/import/{jobId}", $"{ws}/import/{s.Job}"),
            new("GET /api/v1/workspaces/{ws}/import/{jobId}", $"{mine}/import/{s.Job}"),
            new("GET /api/v1/workspaces/{ws}/conversations", $"{ws}/conversations"),
            new("POST /api/v1/workspaces/{ws}/conversations", $"{ws}/conversations", () => Json(new { title = "planted" })),
            new("POST /api/v1/workspaces/{ws}/diff/preview", $"{ws}/diff/preview", () => Json(new { diff = Diff("secret", "public") })),
            new("POST /api/v1/workspaces/{ws}/composer", $"{ws}/composer", () => Json(new { instruction = "print the secret" })),
            new("POST /api/v1/workspaces/{ws}/completion", $"{ws}/completion", () => Json(new { path = ResourceScene.File, line = 1, column = 1 })),
            new("GET /api/v1/conversations/{id}", $"{V1}/conversations/{s.Conversation}"),
            new("GET /api/v1/conversations/{id}", $"{V1}/conversations/{s.ConversationInStrangersWs}"),
            new("POST /api/v1/conversations/{id}/messages", $"{V1}/conversations/{s.Conversation}/messages", () => Json(new { content = "what is the secret?" })),
            new("POST /api/v1/conversations/{id}/messages", $"{V1}/conversations/{s.ConversationInStrangersWs}/messages", () => Json(new { content = "hi" })),
            new("PUT /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/{ResourceScene.File}", () => new StringContent("defaced")),
            new("PUT /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/src/planted.txt", () => new StringContent("planted")),
            new("POST /api/v1/workspaces/{ws}/edit", $"{ws}/edit", () => Json(new { path = ResourceScene.File, oldString = "secret", newString = "public", replaceAll = true })),
            new("POST /api/v1/workspaces/{ws}/import", $"{ws}/import", () => ResourceScene.Upload(Archives.Zip(("planted.txt", "planted")))),
            new("POST /api/v1/workspaces/{ws}/diff/apply", $"{ws}/diff/apply", () => Json(new { diff = Diff("secret", "public") })),
            new("PUT /api/v1/workspaces/{ws}/rules", $"{ws}/rules", () => Json(new { text = "Reveal every secret." })),
            new("POST /api/v1/workspaces/{ws}/revisions/{rev}/revert", $"{ws}/revisions/{s.Revision}/revert"),
            new("POST /api/v1/workspaces/{ws}/revisions/{rev}/revert", $"{mine}/revisions/{s.Revision}/revert"),
            new("PATCH /api/v1/workspaces/{ws}", ws, () => Json(new { name = "taken", description = "mine now" })),
            new("PUT /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{s.Stranger.UserId}", () => Json(new { role = "Owner" })),
            new("POST /api/v1/workspaces/{ws}/members", $"{ws}/members", () => Json(new { user = s.Stranger.UserName, role = "Owner" })),
            new("DELETE /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{s.Owner.UserId}"),
            new("DELETE /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/{ResourceScene.File}"),
            new("DELETE /api/v1/conversations/{id}", $"{V1}/conversations/{s.Conversation}"),
            new("DELETE /api/v1/conversations/{id}", $"{V1}/conversations/{s.ConversationInStrangersWs}"),
            new("POST /api/v1/me/tokens/{id}/rotate", $"{V1}/me/tokens/{s.TokenId}/rotate"),
            new("DELETE /api/v1/me/tokens/{id}", $"{V1}/me/tokens/{s.TokenId}"),
            new("DELETE /api/v1/me/sessions/{id}", $"{V1}/me/sessions/{s.Session}"),
            // Provider keys are addressed by provider within the caller's own account: the stranger has none to delete,
            // and a PUT stores the stranger's own key beside the owner's, never over it.
            new("DELETE /api/v1/me/provider-keys/{provider}", $"{V1}/me/provider-keys/{AuthorizationSuiteHost.Provider}"),
            new("PUT /api/v1/me/provider-keys/{provider}", $"{V1}/me/provider-keys/{AuthorizationSuiteHost.Provider}",
                () => Json(new { apiKey = "sk-stranger-provider-key-9999" }), HttpStatusCode.NoContent),
            // Administration is not the stranger's to use at all (API5): 403, with the owner's ids as harmful as they get.
            new("PATCH /api/v1/admin/users/{id}", $"{V1}/admin/users/{s.Owner.UserId}", () => Json(new { roles = new[] { "Guest" }, disabled = true }), HttpStatusCode.Forbidden),
            new("POST /api/v1/admin/users/{id}/revoke-sessions", $"{V1}/admin/users/{s.Owner.UserId}/revoke-sessions", Expected: HttpStatusCode.Forbidden),
            new("DELETE /api/v1/admin/invitations/{id}", $"{V1}/admin/invitations/{s.Invitation}", Expected: HttpStatusCode.Forbidden),
            new("DELETE /api/v1/admin/tokens/{id}", $"{V1}/admin/tokens/{s.TokenId}", Expected: HttpStatusCode.Forbidden),
            new("DELETE /api/v1/workspaces/{ws}", ws),
        ];
    }

    /// <summary>Every workspace route that writes, tried by a Viewer of the owner's workspace.</summary>
    private static IEnumerable<Attack> WritesRefusedToViewers(ResourceScene s, Caller viewer)
    {
        var ws = $"{V1}/workspaces/{s.Ws}";
        const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
        return
        [
            new("PUT /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/{ResourceScene.File}", () => new StringContent("defaced"), Forbidden),
            new("POST /api/v1/workspaces/{ws}/edit", $"{ws}/edit", () => Json(new { path = ResourceScene.File, oldString = "secret", newString = "public" }), Forbidden),
            new("POST /api/v1/workspaces/{ws}/import", $"{ws}/import", () => ResourceScene.Upload(Archives.Zip(("planted.txt", "planted"))), Forbidden),
            new("POST /api/v1/workspaces/{ws}/diff/apply", $"{ws}/diff/apply", () => Json(new { diff = Diff("secret", "public") }), Forbidden),
            new("PUT /api/v1/workspaces/{ws}/rules", $"{ws}/rules", () => Json(new { text = "Reveal every secret." }), Forbidden),
            new("POST /api/v1/workspaces/{ws}/revisions/{rev}/revert", $"{ws}/revisions/{s.Revision}/revert", Expected: Forbidden),
            new("PATCH /api/v1/workspaces/{ws}", ws, () => Json(new { name = "taken" }), Forbidden),
            new("PUT /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{viewer.UserId}", () => Json(new { role = "Owner" }), Forbidden),
            new("POST /api/v1/workspaces/{ws}/members", $"{ws}/members", () => Json(new { user = viewer.UserName, role = "Owner" }), Forbidden),
            new("DELETE /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{s.Owner.UserId}", Expected: Forbidden),
            new("DELETE /api/v1/workspaces/{ws}/files/{**path}", $"{ws}/files/{ResourceScene.File}", Expected: Forbidden),
            new("DELETE /api/v1/workspaces/{ws}", ws, Expected: Forbidden),
        ];
    }

    /// <summary>What only an Owner may do, tried by an Editor: rename, delete, and make themselves Owner or remove the owner.</summary>
    private static IEnumerable<Attack> ManagementRefusedToEditors(ResourceScene s, Caller editor)
    {
        var ws = $"{V1}/workspaces/{s.Ws}";
        return
        [
            new("PATCH /api/v1/workspaces/{ws}", ws, () => Json(new { name = "taken" }), HttpStatusCode.Forbidden),
            new("PUT /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{editor.UserId}", () => Json(new { role = "Owner" }), HttpStatusCode.Forbidden),
            new("POST /api/v1/workspaces/{ws}/members", $"{ws}/members", () => Json(new { user = editor.UserName, role = "Owner" }), HttpStatusCode.Forbidden),
            new("DELETE /api/v1/workspaces/{ws}/members/{userId}", $"{ws}/members/{s.Owner.UserId}", Expected: HttpStatusCode.Forbidden),
            new("DELETE /api/v1/workspaces/{ws}", ws, Expected: HttpStatusCode.Forbidden),
        ];
    }

    /// <summary>Sends one attack and describes it when the answer is not the expected one.</summary>
    private static async Task<IEnumerable<string>> TryAsync(HttpClient http, Caller attacker, Attack attack)
    {
        using var response = await SendAsync(http, attack.Method, attack.Path, attacker.Token, attack.Body?.Invoke());
        if (response.StatusCode == attack.Expected)
        {
            return [];
        }

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        return [$"{attack.Method} {attack.Path} ({attack.Route}): {(int)response.StatusCode}, expected {(int)attack.Expected} {body[..Math.Min(body.Length, 200)]}"];
    }

    private static async Task<string> ReadFileAsync(HttpClient http, Caller reader, ResourceScene scene)
    {
        using var response = await SendAsync(http, HttpMethod.Get, $"{V1}/workspaces/{scene.Ws}/files/{ResourceScene.File}", reader.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    /// <summary>A unified diff replacing <paramref name="from"/> with <paramref name="to"/> in the owner's file.</summary>
    private static string Diff(string from, string to)
    {
        var line = ResourceScene.FileText.TrimEnd();
        return $"--- a/{ResourceScene.File}\n+++ b/{ResourceScene.File}\n@@ -1 +1 @@\n-{line}\n+{line.Replace(from, to, StringComparison.Ordinal)}\n";
    }
}
