using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using static BujjiCoder.IntegrationTests.Security.SuiteCallers;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// One owner holding one object of every kind the Api keeps (workspace, file, rules, revision, import job,
/// conversations, personal access token, provider key, signed-in session) plus an invitation, and a stranger with a workspace of
/// their own in which the owner is a Viewer with a private conversation — so attacks can mix the stranger's ids
/// with the owner's. <see cref="SnapshotAsync"/> reads all of it back, to prove an attack changed nothing.
/// </summary>
internal sealed record ResourceScene(
    Caller Owner,
    Caller Stranger,
    Caller Admin,
    string Ws,
    string Revision,
    string Job,
    string Conversation,
    string ConversationInStrangersWs,
    string TokenId,
    string TokenValue,
    string Invitation,
    string StrangersWs,
    string Session)
{
    public const string File = "src/alpha.txt";
    public const string FileText = "alpha holds the owner's secret\n";
    public const string OwnerApiKey = "sk-owner-provider-key-7777";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ResourceScene> BuildAsync(HttpClient http)
    {
        var owner = await NewUserAsync(http);
        var stranger = await NewUserAsync(http);
        var admin = await AdminAsync(http);

        var ws = (await PostJsonAsync(http, "/api/v1/workspaces", owner.Token, new { name = "alpha", description = "the owner's" })).GetProperty("id").GetString()!;
        await PutFileAsync(http, owner, ws, File, FileText);
        using (var rules = await SendAsync(http, HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", owner.Token, Json(new { text = "Be kind." })))
        {
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        }

        var job = await ImportAsJobAsync(http, owner, ws);
        var revision = (await GetJsonAsync(http, $"/api/v1/workspaces/{ws}/revisions", owner.Token)).GetProperty("items")[0].GetProperty("id").GetString()!;
        var conversation = (await PostJsonAsync(http, $"/api/v1/workspaces/{ws}/conversations", owner.Token, new { title = "owner's chat" })).GetProperty("id").GetString()!;

        var strangersWs = (await PostJsonAsync(http, "/api/v1/workspaces", stranger.Token, new { name = "bravo" })).GetProperty("id").GetString()!;
        await PutFileAsync(http, stranger, strangersWs, "b.txt", "bravo\n");
        using (var member = await SendAsync(http, HttpMethod.Put, $"/api/v1/workspaces/{strangersWs}/members/{owner.UserId}", stranger.Token, Json(new { role = "Viewer" })))
        {
            Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        }

        var privateChat = (await PostJsonAsync(http, $"/api/v1/workspaces/{strangersWs}/conversations", owner.Token, new { title = "private" })).GetProperty("id").GetString()!;

        var (tokenId, tokenValue) = await NewTokenAsync(http, owner, "read");
        using (var key = await SendAsync(http, HttpMethod.Put, $"/api/v1/me/provider-keys/{AuthorizationSuiteHost.Provider}", owner.Token, Json(new { apiKey = OwnerApiKey })))
        {
            Assert.Equal(HttpStatusCode.NoContent, key.StatusCode);
        }

        var invitation = (await PostJsonAsync(http, "/api/v1/admin/invitations", admin.Token, new { role = "User" })).GetProperty("id").GetString()!;
        var session = (await GetJsonAsync(http, "/api/v1/me/sessions", owner.Token))[0].GetProperty("id").GetString()!;
        return new ResourceScene(owner, stranger, admin, ws, revision, job, conversation, privateChat, tokenId, tokenValue, invitation, strangersWs, session);
    }

    /// <summary>
    /// Everything the owner, the stranger and the administrator can read about the scene, as one text: equal
    /// snapshots before and after an attack mean the attack changed nothing anyone can see.
    /// </summary>
    public async Task<string> SnapshotAsync(HttpClient http)
    {
        var reads = new (Caller Reader, string Path)[]
        {
            (Owner, "/api/v1/auth/me"),
            (Owner, "/api/v1/workspaces"),
            (Owner, $"/api/v1/workspaces/{Ws}"),
            (Owner, $"/api/v1/workspaces/{Ws}/members"),
            (Owner, $"/api/v1/workspaces/{Ws}/tree"),
            (Owner, $"/api/v1/workspaces/{Ws}/files/{File}"),
            (Owner, $"/api/v1/workspaces/{Ws}/rules"),
            (Owner, $"/api/v1/workspaces/{Ws}/revisions?pageSize=200"),
            (Owner, $"/api/v1/workspaces/{Ws}/import/{Job}"),
            (Owner, $"/api/v1/workspaces/{Ws}/conversations"),
            (Owner, $"/api/v1/conversations/{Conversation}"),
            (Owner, $"/api/v1/conversations/{ConversationInStrangersWs}"),
            (Owner, "/api/v1/me/tokens"),
            (Owner, "/api/v1/me/provider-keys"),
            (Owner, "/api/v1/me/sessions"),
            (Stranger, $"/api/v1/workspaces/{StrangersWs}/tree"),
            (Stranger, $"/api/v1/workspaces/{StrangersWs}/members"),
            (Stranger, $"/api/v1/workspaces/{StrangersWs}/revisions?pageSize=200"),
            (Admin, "/api/v1/admin/invitations"),
        };
        var snapshot = new StringBuilder();
        foreach (var (reader, path) in reads)
        {
            using var response = await SendAsync(http, HttpMethod.Get, path, reader.Token);
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            snapshot.Append(CultureInfo.InvariantCulture, $"{reader.UserName} GET {path} → {(int)response.StatusCode} {response.Headers.ETag}\n{body}\n");
        }

        var users = await GetJsonAsync(http, "/api/v1/admin/users?pageSize=200", Admin.Token);
        snapshot.Append(users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetString() == Owner.UserId).GetRawText());
        return snapshot.ToString();
    }

    public static async Task PutFileAsync(HttpClient http, Caller caller, string ws, string path, string text)
    {
        using var response = await SendAsync(http, HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/{path}", caller.Token, new StringContent(text));
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode}");
    }

    /// <summary>A multipart upload of a small zip, as the import endpoint takes it.</summary>
    public static HttpContent Upload(byte[] archive)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "upload.zip");
        return form;
    }

    /// <summary>Imports 40 KB of incompressible text, over the synchronous limit, and waits for the job to finish.</summary>
    private static async Task<string> ImportAsJobAsync(HttpClient http, Caller owner, string ws)
    {
        var random = new Random(6);
        var files = Enumerable.Range(0, 20).Select(i => ($"gen/f{i:D2}.txt",
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(_ => (char)random.Next('a', 'z' + 1)))))).ToList();
        using var response = await SendAsync(http, HttpMethod.Post, $"/api/v1/workspaces/{ws}/import", owner.Token, Upload(Archives.Zip(files)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("jobId").GetString()!;

        // The job runs on the Api's background queue; following it is the only way to know it is done.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var status = (await GetJsonAsync(http, $"/api/v1/workspaces/{ws}/import/{job}", owner.Token)).GetProperty("status").GetString();
            if (status is "succeeded" or "failed")
            {
                Assert.Equal("succeeded", status);
                return job;
            }

            await Task.Delay(50, Cancellation);
        }

        throw new TimeoutException("The import job did not finish in 30 seconds.");
    }
}
