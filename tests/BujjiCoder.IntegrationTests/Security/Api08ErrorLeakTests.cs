using System.Net;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API8 (security misconfiguration), error side: outside Development a failure says what kind of failure it was
/// and nothing about how the server is built — no stack trace, exception type, SQL, table, file path or echoed input.
/// </summary>
public sealed class Api08ErrorLeakTests(TestInfrastructure infrastructure)
{
    /// <summary>Put into requests; a response that contains it has echoed the input.</summary>
    private const string Marker = "leak-4711";

    private static readonly string[] Internals =
    [
        Marker, " at ", "Exception", "System.", "Npgsql", "Microsoft.", "BujjiCoder", "SELECT", "FROM ", "relation", "42P01", ".cs", "/work/", "/tmp/",
        "LineNumber", "BytePosition", "Path:", "Failed to read", "Failed to bind", "CreateWorkspaceRequest", "SetMemberRequest", "Int32", "Boolean",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_broken_database_is_a_500_problem_without_sql_or_internals_outside_development()
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment("Production").WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client);
        using (var before = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/conversations"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The dependency breaks under the running Api: the table its query reads is gone.
        await using (var connection = new NpgsqlConnection(api.DatabaseConnectionString))
        {
            await connection.OpenAsync(Cancellation);
            await using var drop = new NpgsqlCommand("DROP TABLE conversations CASCADE", connection);
            await drop.ExecuteNonQueryAsync(Cancellation);
        }

        using var response = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/conversations");
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertGenericProblem(response, body, 500);
        Assert.DoesNotContain("conversations", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unreadable_requests_are_4xx_problems_that_never_echo_the_input_outside_development()
    {
        await using var api = await TestHost.Postgres(infrastructure).InEnvironment("Production").WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client);
        var other = await WorkspaceClient.SignUpAsync(client);

        foreach (var (method, path, body, mediaType, status) in Attempts(ws, other.UserId))
        {
            using var request = user.Request(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType!);
            }

            using var response = await client.SendAsync(request, Cancellation);
            var text = await response.Content.ReadAsStringAsync(Cancellation);

            Assert.True((int)response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} {text}");
            AssertGenericProblem(response, text, status);
        }
    }

    [Fact]
    public async Task In_development_a_malformed_body_says_where_it_broke()
    {
        await using var api = await TestHost.Sqlite().InEnvironment("Development").BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var user = await WorkspaceClient.SignUpAsync(client);

        using var request = user.Request(HttpMethod.Post, "/api/v1/workspaces");
        request.Content = new StringContent("{\"name\": tru", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, Cancellation);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("LineNumber", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    /// <summary>Malformed, mistyped, oversized-looking, wrongly typed or unroutable requests, each carrying the marker.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, byte[]? Body, string? MediaType, int Status)> Attempts(string ws, string otherUserId)
    {
        byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
        yield return (HttpMethod.Post, "/api/v1/workspaces", Json($"{{\"name\": <script>{Marker}"), "application/json", 400);
        yield return (HttpMethod.Post, "/api/v1/workspaces", Json($"{{\"name\": 4711, \"description\": \"{Marker}\"}}"), "application/json", 400);
        yield return (HttpMethod.Post, "/api/v1/workspaces", Json($"{{\"name\": \"ok\"}} {Marker}"), "application/json", 400);
        yield return (HttpMethod.Post, "/api/v1/workspaces", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json", 400);
        yield return (HttpMethod.Post, "/api/v1/workspaces", Json($"{{\"name\": \"{Marker}\"}}"), "text/plain", 415);
        yield return (HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{otherUserId}", Json($"{{\"role\": \"{Marker}\"}}"), "application/json", 400);
        yield return (HttpMethod.Post, "/api/v1/workspaces", null, null, 400);
        yield return (HttpMethod.Get, $"/api/v1/workspaces?page={Marker}", null, null, 400);
        yield return (HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree?recursive={Marker}", null, null, 400);
        yield return (HttpMethod.Get, $"/api/v1/{Marker}/x", null, null, 404);
        yield return (HttpMethod.Delete, $"/api/v1/workspaces/{ws}/members/{Marker}", null, null, 404);
    }

    private static void AssertGenericProblem(HttpResponseMessage response, string body, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
        foreach (var fragment in Internals)
        {
            Assert.False(body.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' in {body}");
        }
    }
}
