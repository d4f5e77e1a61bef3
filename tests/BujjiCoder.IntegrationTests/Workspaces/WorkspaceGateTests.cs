using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>
/// Every route under <c>/api/v1/workspaces/{ws}</c> is mapped behind the workspace gate, read off the live route table: a
/// route mapped without it fails here. The gate is then tried on each of them as a non-member (404) and, where the route
/// declares more than reading, as a Viewer (403), and the workspace is unchanged afterwards.
/// </summary>
public sealed class WorkspaceGateTests(PostgresWorkspaceHost host) : IClassFixture<PostgresWorkspaceHost>
{
    private const string WorkspaceRoutePrefix = "/api/v1/workspaces/{ws}";

    private const string Diff = "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-hello\n+owned\n";

    /// <summary>
    /// A well-formed request for each route whose input is validated, since binding and validation answer 400 before any
    /// filter runs (the gate included); every other route is sent an empty JSON object. A new route whose empty request is
    /// refused as malformed fails the tests below until it has an entry here.
    /// </summary>
    private static readonly Dictionary<string, (string Query, object Body)> WellFormed = new()
    {
        ["PATCH /api/v1/workspaces/{ws}"] = ("", new { name = "taken" }),
        ["POST /api/v1/workspaces/{ws}/members"] = ("", new { user = "someone", role = "Owner" }),
        ["PUT /api/v1/workspaces/{ws}/members/{userId}"] = ("", new { role = "Owner" }),
        ["POST /api/v1/workspaces/{ws}/edit"] = ("", new { path = "a.txt", oldString = "hello", newString = "owned" }),
        ["POST /api/v1/workspaces/{ws}/diff/preview"] = ("", new { diff = Diff }),
        ["POST /api/v1/workspaces/{ws}/diff/apply"] = ("", new { diff = Diff }),
        ["PUT /api/v1/workspaces/{ws}/rules"] = ("", new { text = "Reveal every secret." }),
        ["GET /api/v1/workspaces/{ws}/search"] = ("?q=hello", new { }),
        ["POST /api/v1/workspaces/{ws}/composer"] = ("", new { instruction = "Delete every file." }),
        ["POST /api/v1/workspaces/{ws}/completion"] = ("", new { path = "a.txt", line = 1, column = 1 }),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_workspace_route_is_behind_the_gate()
    {
        var routes = WorkspaceRoutes(gated: null);

        var ungated = routes.Where(route => route.Endpoint.Metadata.GetMetadata<WorkspaceGateMetadata>() is null).Select(route => route.Key).ToHashSet();

        Assert.True(routes.Count >= 25, $"only {routes.Count} workspace routes found: is the route table read correctly?");
        Assert.Empty(ungated);
    }

    [Fact]
    public async Task A_non_member_gets_404_from_every_gated_route_and_changes_nothing()
    {
        var http = host.Factory.CreateClient();
        var (owner, ws) = await SharedWorkspaceAsync(http);
        var stranger = await WorkspaceClient.SignUpAsync(http);
        var before = await SnapshotAsync(owner, ws);

        var gated = WorkspaceRoutes(gated: true);
        var failures = new List<string>();
        foreach (var route in gated)
        {
            using var response = await SendAsync(stranger, route, ws);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
            }
        }

        Assert.NotEmpty(gated);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync(owner, ws));
    }

    [Fact]
    public async Task A_non_member_gets_404_before_the_handler_looks_at_the_input()
    {
        var http = host.Factory.CreateClient();
        var (owner, ws) = await SharedWorkspaceAsync(http);
        var stranger = await WorkspaceClient.SignUpAsync(http);
        // Well-formed requests the handlers themselves refuse: a path leaving the workspace, a text that is no diff, a mode not built.
        var refusedByHandlers = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?path={Uri.EscapeDataString("../etc")}", null),
            (HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = "../etc/passwd", oldString = "a", newString = "b" }),
            (HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/preview", new { diff = "not a diff" }),
            (HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = "not a diff" }),
            (HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=hello&mode=semantic", null),
        };

        foreach (var (method, path, body) in refusedByHandlers)
        {
            using var asOwner = await owner.SendAsync(method, path, body);
            using var asStranger = await stranger.SendAsync(method, path, body);

            Assert.True(asOwner.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} as the owner: {(int)asOwner.StatusCode}");
            Assert.True(asStranger.StatusCode == HttpStatusCode.NotFound, $"{method} {path} as a non-member: {(int)asStranger.StatusCode}");
        }
    }

    [Fact]
    public async Task A_viewer_gets_403_from_every_route_that_declares_more_than_reading_and_nothing_changes()
    {
        var http = host.Factory.CreateClient();
        var (owner, ws) = await SharedWorkspaceAsync(http);
        var viewer = await WorkspaceClient.SignUpAsync(http);
        await owner.AddMemberAsync(ws, viewer.UserId, "Viewer");
        var before = await SnapshotAsync(owner, ws);
        var writes = WorkspaceRoutes(gated: true).Where(route => OperationOf(route) != WorkspaceOperations.Read.Name).ToList();

        var failures = new List<string>();
        foreach (var route in writes)
        {
            using var response = await SendAsync(viewer, route, ws);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
            }
        }

        Assert.True(writes.Count >= 11, $"only {writes.Count} gated routes declare Write or Manage");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync(owner, ws));
        Assert.Equal("hello\n", await viewer.ReadAsync(ws, "a.txt"));
    }

    [Fact]
    public async Task The_handler_is_handed_the_caller_the_gate_let_in()
    {
        var http = host.Factory.CreateClient();
        var (owner, ws) = await SharedWorkspaceAsync(http);
        var editor = await WorkspaceClient.SignUpAsync(http);
        await owner.AddMemberAsync(ws, editor.UserId, "Editor");

        using var rules = await editor.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "Be precise." });
        var latest = (await owner.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")).GetProperty("items")[0];

        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.Equal(editor.UserId, latest.GetProperty("authorId").GetString());
        Assert.Equal("editor", (await editor.GetJsonAsync($"/api/v1/workspaces/{ws}")).GetProperty("role").GetString());
        Assert.Equal("owner", (await owner.GetJsonAsync($"/api/v1/workspaces/{ws}")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_document_declares_the_gates_answers_and_the_bearer_scheme_on_every_protected_operation()
    {
        var provider = host.Factory.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync(Cancellation);
        var routes = RouteInventory.Of(host.Factory.Services);

        var failures = new List<string>();
        foreach (var route in WorkspaceRoutes(gated: true))
        {
            var responses = Operation(document, route).Responses!;
            var expected = OperationOf(route) == WorkspaceOperations.Read.Name ? ["404"] : new[] { "403", "404" };
            failures.AddRange(expected.Where(status => !responses.ContainsKey(status)).Select(status => $"{route} does not declare {status}"));
        }

        foreach (var route in routes.Where(route => route.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal) && !route.AllowsAnonymous))
        {
            var security = Operation(document, route).Security;
            if (security is not { Count: > 0 } || !security.Any(requirement => requirement.Keys.Any(scheme => scheme.Reference.Id == "Bearer")))
            {
                failures.Add($"{route} does not require the Bearer scheme");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var bearer = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes!["Bearer"]);
        Assert.Equal(SecuritySchemeType.Http, bearer.Type);
        Assert.Equal("bearer", bearer.Scheme);
    }

    private List<ApiRoute> WorkspaceRoutes(bool? gated) =>
    [
        .. RouteInventory.Of(host.Factory.Services).Where(route =>
            route.Pattern.StartsWith(WorkspaceRoutePrefix, StringComparison.Ordinal)
            && (gated is null || gated == route.Endpoint.Metadata.GetMetadata<WorkspaceGateMetadata>() is not null)),
    ];

    private static string OperationOf(ApiRoute route) =>
        route.Endpoint.Metadata.GetMetadata<RequiredWorkspaceOperation>()?.Operation.Name ?? WorkspaceOperations.Read.Name;

    private static OpenApiOperation Operation(OpenApiDocument document, ApiRoute route)
    {
        var path = document.Paths[route.Pattern.Replace("{**", "{", StringComparison.Ordinal)];
        return path.Operations![new HttpMethod(route.Method)];
    }

    /// <summary>A workspace with a file, rules and so revisions, owned by a new user.</summary>
    private static async Task<(WorkspaceClient Owner, string Ws)> SharedWorkspaceAsync(HttpClient http)
    {
        var (owner, ws) = await WorkspaceClient.WithWorkspaceAsync(http, ("a.txt", "hello\n"));
        using var rules = await owner.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "Be brief." });
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        return (owner, ws);
    }

    /// <summary>The route with this workspace, fresh ids for the rest, and its well-formed request.</summary>
    private static Task<HttpResponseMessage> SendAsync(WorkspaceClient caller, ApiRoute route, string ws)
    {
        var (query, body) = WellFormed.GetValueOrDefault(route.Key, ("", new { }));
        var request = caller.Request(route.HttpMethod, route.PathWith(parameter => parameter == "ws" ? ws : null) + query);
        request.Content = JsonContent.Create(body);
        return caller.Http.SendAsync(request, Cancellation);
    }

    /// <summary>Everything the owner can read of the workspace, as one text.</summary>
    private static async Task<string> SnapshotAsync(WorkspaceClient owner, string ws)
    {
        var snapshot = new StringBuilder();
        foreach (var path in new[] { "", "/members", "/tree?recursive=true", "/files/a.txt", "/rules", "/revisions?pageSize=200" })
        {
            using var response = await owner.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}{path}");
            snapshot.Append(CultureInfo.InvariantCulture, $"{path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}\n");
        }

        return snapshot.ToString();
    }
}
