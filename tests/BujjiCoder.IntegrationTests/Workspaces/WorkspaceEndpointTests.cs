using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>Workspaces and members through the Api, with the membership rules enforced on every route.</summary>
public sealed class WorkspaceEndpointTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_creator_owns_lists_renames_and_deletes_a_workspace()
    {
        using var client = host.Factory.CreateClient();
        var (_, owner) = await NewSessionAsync(client);

        var id = await CreateAsync(client, owner.AccessToken, "payments-service");
        var list = await GetJsonAsync(client, "/api/v1/workspaces", owner.AccessToken);
        using var renamed = await SendAsync(client, HttpMethod.Patch, $"/api/v1/workspaces/{id}", owner.AccessToken, new { name = "payments" });
        using var deleted = await SendAsync(client, HttpMethod.Delete, $"/api/v1/workspaces/{id}", owner.AccessToken);

        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("payments-service", listed.GetProperty("name").GetString());
        Assert.Equal("owner", listed.GetProperty("role").GetString());
        Assert.Equal("payments", (await renamed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{id}", owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_non_member_gets_404_on_every_workspace_route()
    {
        using var client = host.Factory.CreateClient();
        var (_, owner) = await NewSessionAsync(client);
        var (_, stranger) = await NewSessionAsync(client);
        var id = await CreateAsync(client, owner.AccessToken, "secret-project");
        var ownerId = await IdOfAsync(client, owner.AccessToken);

        foreach (var (method, path, body) in Routes(id, ownerId))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, method, path, stranger.AccessToken, body)).StatusCode);
        }

        // An administrator is not a member either: no silent access to people's code.
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{id}", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{id}", owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_rename_delete_or_manage_members()
    {
        using var client = host.Factory.CreateClient();
        var (_, owner) = await NewSessionAsync(client);
        var (_, viewer) = await NewSessionAsync(client);
        var id = await CreateAsync(client, owner.AccessToken, "shared");
        var viewerId = await IdOfAsync(client, viewer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{id}/members/{viewerId}", owner.AccessToken, new { role = "Viewer" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{id}", viewer.AccessToken)).StatusCode);
        Assert.Equal(2, (await GetJsonAsync(client, $"/api/v1/workspaces/{id}/members", viewer.AccessToken)).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Patch, $"/api/v1/workspaces/{id}", viewer.AccessToken, new { name = "mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/workspaces/{id}", viewer.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{id}/members/{viewerId}", viewer.AccessToken, new { role = "Owner" })).StatusCode);
    }

    [Fact]
    public async Task A_workspace_keeps_its_last_owner_and_validates_input()
    {
        using var client = host.Factory.CreateClient();
        var (_, owner) = await NewSessionAsync(client);
        var id = await CreateAsync(client, owner.AccessToken, "solo");
        var ownerId = await IdOfAsync(client, owner.AccessToken);

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/workspaces/{id}/members/{ownerId}", owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{id}/members/{ownerId}", owner.AccessToken, new { role = "Viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, HttpMethod.Post, "/api/v1/workspaces", owner.AccessToken, new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{id}/members/{ownerId}", owner.AccessToken, new { role = "Root" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Put, $"/api/v1/workspaces/{id}/members/no-such-user", owner.AccessToken, new { role = "Viewer" })).StatusCode);
    }

    private static IEnumerable<(HttpMethod, string, object?)> Routes(string id, string someUser) =>
    [
        (HttpMethod.Get, $"/api/v1/workspaces/{id}", null),
        (HttpMethod.Patch, $"/api/v1/workspaces/{id}", new { name = "taken" }),
        (HttpMethod.Delete, $"/api/v1/workspaces/{id}", null),
        (HttpMethod.Get, $"/api/v1/workspaces/{id}/members", null),
        (HttpMethod.Put, $"/api/v1/workspaces/{id}/members/{someUser}", new { role = "Viewer" }),
        (HttpMethod.Delete, $"/api/v1/workspaces/{id}/members/{someUser}", null),
    ];

    private static async Task<string> CreateAsync(HttpClient client, string accessToken, string name)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/workspaces", accessToken, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string accessToken)
    {
        using var response = await SendAsync(client, HttpMethod.Get, path, accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<string> IdOfAsync(HttpClient client, string accessToken) =>
        (await GetJsonAsync(client, "/api/v1/auth/me", accessToken)).GetProperty("id").GetString()!;
}
