using System.Net;
using BujjiCoder.Api.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using static BujjiCoder.IntegrationTests.Security.SuiteCallers;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API5:2023 Broken Function Level Authorization, read off the live route table: every <c>/api/v1/admin</c>
/// route refuses users, guests and tokens without the <c>admin</c> scope (403) and serves administrators; every
/// route guarded by a permission refuses a token whose scopes do not cover it and a role that lacks it; every route
/// that manages credentials refuses personal access tokens altogether.
/// </summary>
public sealed class Api05FunctionLevelAuthorizationTests(AuthorizationSuiteHost host) : IClassFixture<AuthorizationSuiteHost>
{
    private const string AdminPrefix = "/api/v1/admin/";

    /// <summary>What a refused caller sends: the most harmful body each admin route takes.</summary>
    private static readonly Dictionary<string, object> HarmfulBodies = new()
    {
        ["PATCH /api/v1/admin/users/{id}"] = new { roles = new[] { "Admin" }, disabled = false },
        ["POST /api/v1/admin/invitations"] = new { role = "Admin", expiresInDays = 90 },
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_admin_route_refuses_users_guests_and_tokens_without_the_admin_scope_and_changes_nothing()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        var user = await NewUserAsync(http);
        var guest = await NewGuestAsync(http, admin);
        var (victimTokenId, victimToken) = await NewTokenAsync(http, user, "read");
        var invitation = (await PostJsonAsync(http, "/api/v1/admin/invitations", admin.Token, new { })).GetProperty("id").GetString()!;
        var callers = new (string Name, Caller Caller)[]
        {
            ("a user", user),
            ("a guest", guest),
            ("an administrator's token without the admin scope", admin.WithToken((await NewTokenAsync(http, admin, "read", "write", "chat")).Token)),
            ("a user's token with every other scope", user.WithToken((await NewTokenAsync(http, user, "read", "write", "chat")).Token)),
        };
        var before = await AdministrationSnapshotAsync(http, admin);

        var failures = new List<string>();
        foreach (var route in AdminRoutes())
        {
            foreach (var (name, caller) in callers)
            {
                // The ids are the most tempting ones: the caller's own account (make me Admin), a real invitation, someone's token.
                var path = route.PathWith(parameter => route.Pattern switch
                {
                    _ when route.Pattern.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) => caller.UserId,
                    _ when route.Pattern.StartsWith("/api/v1/admin/invitations/", StringComparison.Ordinal) => invitation,
                    _ when route.Pattern.StartsWith("/api/v1/admin/tokens/", StringComparison.Ordinal) => victimTokenId,
                    _ => null,
                });
                using var response = await SendAsync(http, route.HttpMethod, path, caller.Token, Json(HarmfulBodies.GetValueOrDefault(route.Key) ?? new { }));
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route} as {name}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await AdministrationSnapshotAsync(http, admin));
        Assert.Equal(["User"], (await GetJsonAsync(http, "/api/v1/auth/me", user.Token)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/api/v1/auth/me", victimToken)).StatusCode);
    }

    [Fact]
    public async Task Every_admin_route_serves_an_administrator_by_session_and_by_admin_scoped_token()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        var adminToken = admin.WithToken((await NewTokenAsync(http, admin, "admin")).Token);

        var failures = new List<string>();
        foreach (var route in AdminRoutes())
        {
            foreach (var caller in new[] { admin, adminToken })
            {
                // Unknown ids: the administrator is let in (404, 400 or 2xx), and nobody real is touched.
                using var response = await SendAsync(http, route.HttpMethod, route.PathWith(_ => Guid.NewGuid().ToString()), caller.Token, Json(new { }));
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500)
                {
                    failures.Add($"{route} as {(caller == admin ? "session" : "admin token")}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Every_admin_route_requires_an_admin_permission_and_every_policy_is_a_known_one()
    {
        var admin = Permissions.ByScope["admin"];
        var known = Permissions.All.Append(Policies.Interactive).ToHashSet(StringComparer.Ordinal);
        var routes = RouteInventory.Of(host.Factory.Services);

        Assert.All(AdminRoutes(), route => Assert.Contains(route.Policies, admin.Contains));
        Assert.All(routes, route => Assert.All(route.Policies, policy => Assert.Contains(policy, known)));
        // The documented administration routes are all there (API.md "Administration").
        Assert.Superset(
            new HashSet<string>(["GET /api/v1/admin/users", "PATCH /api/v1/admin/users/{id}", "GET /api/v1/admin/usage", "GET /api/v1/admin/audit"]),
            AdminRoutes().Select(route => route.Key).ToHashSet());
    }

    [Fact]
    public async Task Every_permission_guarded_route_refuses_a_token_whose_scopes_do_not_cover_it()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        // An administrator holds every permission, so only the token's scopes can be what refuses.
        var lacking = new Dictionary<string, string>();
        foreach (var scope in Permissions.ByScope.Keys)
        {
            lacking[scope] = (await NewTokenAsync(http, admin, [.. Permissions.ByScope.Keys.Where(other => other != scope)])).Token;
        }

        var failures = new List<string>();
        var tried = 0;
        foreach (var route in RouteInventory.Of(host.Factory.Services))
        {
            foreach (var permission in route.Policies.Where(Permissions.All.Contains))
            {
                var scope = Permissions.ScopeOf(permission);
                using var response = await SendAsync(http, route.HttpMethod, route.PathWith(), lacking[scope], Json(new { }));
                tried++;
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route} ({permission}) with a token lacking '{scope}': {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(tried >= 15, $"only {tried} permission-guarded routes found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Every_route_that_manages_credentials_refuses_personal_access_tokens()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        var everything = (await NewTokenAsync(http, admin, [.. Permissions.ByScope.Keys])).Token;
        var interactive = RouteInventory.Of(host.Factory.Services).Where(route => route.Policies.Contains(Policies.Interactive)).ToList();

        var failures = new List<string>();
        foreach (var route in interactive)
        {
            using var response = await SendAsync(http, route.HttpMethod, route.PathWith(), everything, Json(new { }));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        // Tokens, the password, logout, provider keys and sessions: everything a stolen script token must not be able to change.
        Assert.Superset(
            new HashSet<string>(["POST /api/v1/me/tokens", "POST /api/v1/auth/change-password", "POST /api/v1/auth/logout", "PUT /api/v1/me/provider-keys/{provider}",
                "DELETE /api/v1/me/sessions/{id}"]),
            interactive.Select(route => route.Key).ToHashSet());
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_read_only_token_cannot_replace_or_remove_its_users_provider_key()
    {
        using var http = host.Factory.CreateClient();
        var user = await NewUserAsync(http);
        using (var put = await SendAsync(http, HttpMethod.Put, $"/api/v1/me/provider-keys/{AuthorizationSuiteHost.Provider}", user.Token, Json(new { apiKey = "sk-users-own-key-1234" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var readOnly = (await NewTokenAsync(http, user, "read")).Token;
        var path = $"/api/v1/me/provider-keys/{AuthorizationSuiteHost.Provider}";

        // A leaked read-only token must not be able to send the user's prompts (and code) to a server of its choosing.
        using var redirect = await SendAsync(http, HttpMethod.Put, path, readOnly, Json(new { apiKey = "sk-attackers-key-6666", baseUrl = "https://llm.attacker.example/v1" }));
        using var remove = await SendAsync(http, HttpMethod.Delete, path, readOnly);

        Assert.Equal(HttpStatusCode.Forbidden, redirect.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        var key = Assert.Single((await GetJsonAsync(http, "/api/v1/me/provider-keys", user.Token)).EnumerateArray());
        Assert.Equal("1234", key.GetProperty("last4").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, key.GetProperty("baseUrl").ValueKind);
    }

    [Fact]
    public async Task A_guest_is_refused_everything_beyond_reading_even_in_a_workspace_they_own()
    {
        using var http = host.Factory.CreateClient();
        var admin = await AdminAsync(http);
        var owner = await NewUserAsync(http);
        var ws = (await PostJsonAsync(http, "/api/v1/workspaces", owner.Token, new { name = "demoted" })).GetProperty("id").GetString()!;
        await ResourceScene.PutFileAsync(http, owner, ws, "a.txt", "kept\n");
        var guest = await WithRoleAsync(http, admin, owner, "Guest");

        var failures = new List<string>();
        foreach (var route in RouteInventory.Of(host.Factory.Services).Where(route => route.Policies.Any(p => p != Permissions.WorkspacesRead && Permissions.All.Contains(p))))
        {
            using var response = await SendAsync(http, route.HttpMethod, route.PathWith(), guest.Token, Json(new { }));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        // Writes inside the workspace the guest still owns are decided per workspace, and refused there too.
        var inside = new (HttpMethod Method, string Path, HttpContent? Body)[]
        {
            (HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/a.txt", new StringContent("changed")),
            (HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", Json(new { text = "changed" })),
            (HttpMethod.Post, $"/api/v1/workspaces/{ws}/import", ResourceScene.Upload(Archives.Zip(("b.txt", "b")))),
            (HttpMethod.Patch, $"/api/v1/workspaces/{ws}", Json(new { name = "changed" })),
            (HttpMethod.Delete, $"/api/v1/workspaces/{ws}", null),
        };
        foreach (var (method, path, body) in inside)
        {
            using var response = await SendAsync(http, method, path, guest.Token, body);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        using var read = await SendAsync(http, HttpMethod.Get, $"/api/v1/workspaces/{ws}/files/a.txt", guest.Token);
        Assert.Equal("kept\n", await read.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("demoted", (await GetJsonAsync(http, $"/api/v1/workspaces/{ws}", guest.Token)).GetProperty("name").GetString());
    }

    private IEnumerable<ApiRoute> AdminRoutes() =>
        RouteInventory.Of(host.Factory.Services).Where(route => route.Pattern.StartsWith(AdminPrefix, StringComparison.Ordinal) || route.Pattern == AdminPrefix.TrimEnd('/'));

    /// <summary>The administration state a refused caller might have changed: users (roles, disabled) and invitations.</summary>
    private static async Task<string> AdministrationSnapshotAsync(HttpClient http, Caller admin) =>
        (await GetJsonAsync(http, "/api/v1/admin/users?pageSize=200", admin.Token)).GetRawText()
        + (await GetJsonAsync(http, "/api/v1/admin/invitations", admin.Token)).GetRawText();
}
