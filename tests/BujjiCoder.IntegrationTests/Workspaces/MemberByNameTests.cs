using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>
/// <c>POST /workspaces/{ws}/members</c>: an owner adds someone by the user name or e-mail address people know each other
/// by; everyone else is refused as on <c>PUT members/{userId}</c>, and nothing changes.
/// </summary>
public sealed class MemberByNameTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_owner_adds_members_by_user_name_and_by_e_mail_in_any_case()
    {
        using var client = host.Factory.CreateClient();
        var owner = await UserAsync(client);
        var byName = await UserAsync(client);
        var byEmail = await UserAsync(client);
        var ws = await CreateWorkspaceAsync(client, owner);

        using var addedByName = await AddAsync(client, owner, ws, byName.Name.ToUpperInvariant(), "Editor");
        using var addedByEmail = await AddAsync(client, owner, ws, $"  {byEmail.Name.ToUpperInvariant()}@EXAMPLE.TEST ", "viewer");

        Assert.Equal(HttpStatusCode.OK, addedByName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, addedByEmail.StatusCode);
        var added = await addedByName.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(byName.Id, added.GetProperty("userId").GetString());
        Assert.Equal(byName.Name, added.GetProperty("userName").GetString());
        Assert.Equal($"{byName.Name}@example.test", added.GetProperty("email").GetString());
        Assert.Equal("editor", added.GetProperty("role").GetString());
        Assert.Equal("viewer", (await addedByEmail.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("role").GetString());

        var members = await MembersAsync(client, owner, ws);
        Assert.Equal(3, members.Count);
        var listed = members.Single(m => m.GetProperty("userId").GetString() == byEmail.Id);
        Assert.Equal(byEmail.Name, listed.GetProperty("userName").GetString());
        Assert.Equal($"{byEmail.Name}@example.test", listed.GetProperty("email").GetString());
        Assert.Equal("viewer", listed.GetProperty("role").GetString());

        // The new member can now read the workspace.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{ws}", byEmail.Token)).StatusCode);
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        var audit = await GetJsonAsync(client, $"/api/v1/admin/audit?action=workspace.member.set&actorId={owner.Id}", admin);
        var audited = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("target").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { byEmail.Id, byName.Id }.Order(StringComparer.Ordinal), audited);
    }

    [Theory]
    [InlineData("Editor")]
    [InlineData("Viewer")]
    public async Task An_editor_or_viewer_is_refused_403_and_nothing_changes(string role)
    {
        using var client = host.Factory.CreateClient();
        var owner = await UserAsync(client);
        var member = await UserAsync(client);
        var outsider = await UserAsync(client);
        var ws = await CreateWorkspaceAsync(client, owner);
        using (var made = await AddAsync(client, owner, ws, member.Name, role))
        {
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        }

        using var refused = await AddAsync(client, member, ws, outsider.Name, "Viewer");
        using var selfPromotion = await AddAsync(client, member, ws, member.Name, "Owner");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfPromotion.StatusCode);
        var members = await MembersAsync(client, owner, ws);
        Assert.Equal(2, members.Count);
        Assert.DoesNotContain(members, m => m.GetProperty("userId").GetString() == outsider.Id);
        Assert.Equal(role.ToLowerInvariant(), members.Single(m => m.GetProperty("userId").GetString() == member.Id).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_stranger_gets_404_and_nothing_changes()
    {
        using var client = host.Factory.CreateClient();
        var owner = await UserAsync(client);
        var stranger = await UserAsync(client);
        var ws = await CreateWorkspaceAsync(client, owner);

        using var response = await AddAsync(client, stranger, ws, stranger.Name, "Owner");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var only = Assert.Single(await MembersAsync(client, owner, ws));
        Assert.Equal(owner.Id, only.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{ws}", stranger.Token)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_or_disabled_user_is_404_user_not_found()
    {
        using var client = host.Factory.CreateClient();
        var owner = await UserAsync(client);
        var disabled = await UserAsync(client);
        var ws = await CreateWorkspaceAsync(client, owner);
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        using (var disabling = await SendAsync(client, HttpMethod.Patch, $"/api/v1/admin/users/{disabled.Id}", admin, new { disabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, disabling.StatusCode);
        }

        using var unknown = await AddAsync(client, owner, ws, "nobody-" + UniqueName(), "Viewer");
        using var unknownEmail = await AddAsync(client, owner, ws, UniqueName() + "@example.test", "Viewer");
        using var disabledUser = await AddAsync(client, owner, ws, disabled.Name, "Viewer");

        foreach (var response in new[] { unknown, unknownEmail, disabledUser })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("https://bujjicoder.dev/problems/user-not-found", await ProblemTypeAsync(response));
        }

        Assert.Single(await MembersAsync(client, owner, ws));
    }

    [Fact]
    public async Task A_missing_user_or_role_is_a_validation_problem()
    {
        using var client = host.Factory.CreateClient();
        var owner = await UserAsync(client);
        var ws = await CreateWorkspaceAsync(client, owner);

        using var noUser = await SendAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/members", owner.Token, new { role = "Viewer" });
        using var badRole = await SendAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/members", owner.Token, new { user = owner.Name, role = "Root" });

        Assert.Equal(HttpStatusCode.BadRequest, noUser.StatusCode);
        Assert.True((await noUser.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("user", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
    }

    private sealed record User(string Id, string Name, string Token);

    private static async Task<User> UserAsync(HttpClient client)
    {
        var (name, tokens) = await NewSessionAsync(client);
        var me = await GetJsonAsync(client, "/api/v1/auth/me", tokens.AccessToken);
        return new User(me.GetProperty("id").GetString()!, name, tokens.AccessToken);
    }

    private static async Task<string> CreateWorkspaceAsync(HttpClient client, User owner)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/workspaces", owner.Token, new { name = "team" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, User caller, string ws, string user, string role) =>
        SendAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/members", caller.Token, new { user, role });

    private static async Task<List<JsonElement>> MembersAsync(HttpClient client, User caller, string ws) =>
        [.. (await GetJsonAsync(client, $"/api/v1/workspaces/{ws}/members", caller.Token)).EnumerateArray()];

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string accessToken)
    {
        using var response = await SendAsync(client, HttpMethod.Get, path, accessToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
