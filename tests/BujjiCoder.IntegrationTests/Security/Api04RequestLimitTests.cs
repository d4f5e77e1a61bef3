using System.Net;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using Npgsql;
using static BujjiCoder.IntegrationTests.Security.LimitRequests;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API4 (unrestricted resource consumption), the request side: bodies, JSON nesting, headers, field lengths,
/// enum values and request time, against a real Kestrel with the shipped limits.
/// </summary>
[Collection(RequestLimitCollection.Name)]
public sealed class Api04RequestLimitTests(KestrelApiHost host, TestInfrastructure infrastructure) : IClassFixture<KestrelApiHost>
{
    private const int OneMiB = 1024 * 1024;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Oversized_json_bodies_are_413_problems_on_every_kind_of_endpoint_and_store_nothing()
    {
        using var client = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client);
        var name = AuthClient.UniqueName();
        var big = new string('x', OneMiB + 50_000);
        var attempts = new (HttpRequestMessage Request, object Body, bool Chunked, bool ExpectContinue)[]
        {
            (new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register"), new { userName = name, email = $"{name}@example.test", password = big }, false, false),
            (user.Request(HttpMethod.Post, "/api/v1/workspaces"), new { name = "big", description = big }, false, false),
            (user.Request(HttpMethod.Post, "/api/v1/workspaces"), new { name = "big-chunked", description = big }, true, false),
            (user.Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules"), new { text = big }, false, true),
            (user.Request(HttpMethod.Post, "/api/v1/me/tokens"), new { name = big, scopes = new[] { "read" } }, true, false),
            (user.Request(HttpMethod.Patch, $"/api/v1/workspaces/{ws}"), new { name = "renamed", description = big }, false, false),
        };

        foreach (var (request, json, chunked, expectContinue) in attempts)
        {
            var (method, path) = (request.Method, request.RequestUri);
            var (status, mediaType, body) = await SendAsync(client, request.WithJson(Serialize(json), chunked, expectContinue));

            Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{method} {path} (chunked: {chunked}): {(int)status}");
            Assert.Equal("application/problem+json", mediaType);
            Assert.EndsWith("/request-too-large", body.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains("1,048,576 bytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Nothing of any of them was stored.
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(client, name)).StatusCode);
        var workspaces = await user.GetJsonAsync("/api/v1/workspaces");
        Assert.Equal(["project"], workspaces.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        Assert.Equal(string.Empty, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/rules")).GetProperty("text").GetString());
        Assert.Empty((await user.GetJsonAsync("/api/v1/me/tokens")).EnumerateArray());

        // The connection was answered, not reset, and the server goes on serving.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/info", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Endpoints_that_carry_code_or_files_take_more_but_not_without_limit()
    {
        using var client = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client, ("a.txt", "hello\n"));

        // A 2 MB diff is more than the global 1 MB but within the 8 MB code limit: it is read (and found not to be a diff).
        var (diffStatus, _, diffBody) = await SendAsync(client, user.Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/preview")
            .WithJson(Serialize(new { diff = new string('x', 2 * OneMiB) })));
        Assert.Equal(HttpStatusCode.BadRequest, diffStatus);
        Assert.EndsWith("/invalid-diff", diffBody.GetProperty("type").GetString(), StringComparison.Ordinal);

        var (hugeStatus, _, hugeBody) = await SendAsync(client, user.Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply")
            .WithJson(Serialize(new { diff = new string('x', 9 * OneMiB) }), expectContinue: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeStatus);
        Assert.Contains("8,388,608 bytes", hugeBody.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // An edit may carry a file's worth of text.
        var (editStatus, _, _) = await SendAsync(client, user.Request(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit")
            .WithJson(Serialize(new { path = "a.txt", oldString = "hello", newString = new string('y', 1_500_000) })));
        Assert.Equal(HttpStatusCode.OK, editStatus);

        // A file PUT takes exactly Workspaces:MaxFileBytes (2 MiB by default); one byte more is the endpoint's own 413.
        using (var exact = await user.PutFileAsync(ws, "exact.bin", new byte[2 * OneMiB]))
        {
            Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        }

        using (var over = await user.PutFileAsync(ws, "over.bin", new byte[(2 * OneMiB) + 1]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        }

        // Streamed without a length, a body is cut off at the limit while it is read.
        var (chunkedStatus, chunkedType, _) = await SendAsync(client, user.Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/chunked.bin")
            .WithBody(new byte[(2 * OneMiB) + 200_000], "application/octet-stream", chunked: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedStatus);
        Assert.Equal("application/problem+json", chunkedType);
        Assert.Null(await user.ReadAsync(ws, "over.bin"));
        Assert.Null(await user.ReadAsync(ws, "chunked.bin"));
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_400_problem_and_moderate_nesting_is_fine()
    {
        using var client = host.Factory.CreateClient();
        var (user, _) = await WorkspaceClient.WithWorkspaceAsync(client);

        var arrays = new string('[', 10_000) + new string(']', 10_000);
        var (arraysStatus, arraysType, arraysBody) = await SendAsync(client, user.Request(HttpMethod.Post, "/api/v1/workspaces").WithJson(arrays));
        var deepField = $"{{\"name\":\"deep\",\"extra\":{new string('[', 40)}{new string(']', 40)}}}";
        var (deepStatus, _, deepBody) = await SendAsync(client, user.Request(HttpMethod.Post, "/api/v1/workspaces").WithJson(deepField));
        var fine = $"{{\"name\":\"nested\",\"extra\":{new string('[', 20)}{new string(']', 20)}}}";
        var (fineStatus, _, _) = await SendAsync(client, user.Request(HttpMethod.Post, "/api/v1/workspaces").WithJson(fine));

        Assert.Equal(HttpStatusCode.BadRequest, arraysStatus);
        Assert.Equal("application/problem+json", arraysType);
        Assert.True(arraysBody.GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, deepStatus);
        Assert.True(deepBody.GetProperty("errors").TryGetProperty("extra", out _));
        Assert.Equal(HttpStatusCode.Created, fineStatus);
        Assert.Equal(["nested", "project"], (await user.GetJsonAsync("/api/v1/workspaces")).GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Oversized_headers_are_431_and_the_server_keeps_serving()
    {
        using var client = host.Factory.CreateClient();

        using var huge = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        huge.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024));
        using var hugeResponse = await client.SendAsync(huge, Cancellation);

        using var many = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        for (var i = 0; i < 150; i++)
        {
            many.Headers.TryAddWithoutValidation($"X-Header-{i}", "v");
        }

        using var manyResponse = await client.SendAsync(many, Cancellation);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, hugeResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, manyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/info", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Too_long_fields_are_400_naming_the_field_and_change_nothing()
    {
        using var client = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client, ("a.txt", "a\n"));
        var revisions = await user.RevisionCountAsync(ws);
        var cases = new (HttpMethod Method, string Path, object? Body, string Field)[]
        {
            (HttpMethod.Post, "/api/v1/workspaces", new { name = new string('n', 101) }, "name"),
            (HttpMethod.Patch, $"/api/v1/workspaces/{ws}", new { description = new string('d', 2001) }, "description"),
            (HttpMethod.Post, "/api/v1/me/tokens", new { name = new string('t', 101), scopes = new[] { "read" } }, "name"),
            (HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = new string('r', 65_537) }, "text"),
            (HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "ok", message = new string('m', 2001) }, "message"),
            (HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = "x", message = new string('m', 2001) }, "message"),
            (HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/b.txt?message={new string('m', 2001)}", null, "message"),
            (HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q={new string('q', 201)}", null, "q"),
            (HttpMethod.Get, $"/api/v1/workspaces?pageSize=201", null, "pageSize"),
        };

        foreach (var (method, path, body, field) in cases)
        {
            using var request = user.Request(method, path);
            request.Content = body is not null ? System.Net.Http.Json.JsonContent.Create(body) : method == HttpMethod.Put ? new StringContent("b") : null;
            var (status, mediaType, problem) = await SendAsync(client, request);

            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {path[..Math.Min(path.Length, 60)]}: {(int)status}");
            Assert.Equal("application/problem+json", mediaType);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path[..Math.Min(path.Length, 60)]}: {problem}");
        }

        Assert.Equal(revisions, await user.RevisionCountAsync(ws));
        Assert.Equal(1, (await user.GetJsonAsync("/api/v1/workspaces")).GetProperty("total").GetInt32());
        Assert.Empty((await user.GetJsonAsync("/api/v1/me/tokens")).EnumerateArray());
        Assert.Null(await user.ReadAsync(ws, "b.txt"));
    }

    [Fact]
    public async Task Unknown_enum_values_are_400_naming_the_field_never_a_default_or_a_combination()
    {
        using var client = host.Factory.CreateClient();
        var (owner, ws) = await WorkspaceClient.WithWorkspaceAsync(client);
        var other = await WorkspaceClient.SignUpAsync(client);

        // "Viewer, Editor" is Viewer|Editor = Owner to a lenient parser, and 7 is no role at all.
        foreach (var role in new object?[] { "God", "Viewer, Editor", "viewer,editor", 7, 3, "", true, new { name = "owner" } })
        {
            using var response = await owner.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{other.UserId}", new { role });
            var problem = await JsonOfAsync(response);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(role)}: {(int)response.StatusCode}");
            Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _), problem.ToString());
        }

        using (var missing = await owner.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{other.UserId}", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        Assert.Equal([owner.UserId], (await owner.GetJsonAsync($"/api/v1/workspaces/{ws}/members")).EnumerateArray().Select(m => m.GetProperty("userId").GetString()));

        // Names are taken in any case, and answered in camelCase.
        using var added = await owner.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{other.UserId}", new { role = "EDITOR" });
        Assert.Equal("editor", (await JsonOfAsync(added)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Limits_and_request_timeouts_come_from_configuration_and_model_calls_get_longer()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        await using var api = await TestHost.Postgres(infrastructure).OverKestrel().WithSettings(new Dictionary<string, string?>
        {
            ["Auth:RegistrationMode"] = "Open",
            ["Http:Limits:MaxRequestBodyBytes"] = "65536",
            ["Http:Limits:MaxRequestHeadersTotalBytes"] = "8192",
            ["Http:Limits:RequestTimeout"] = "00:00:03",
            ["Llm:Providers:slow:Kind"] = "OpenAICompatible",
            ["Llm:Providers:slow:Endpoint"] = new Uri(llm.BaseUrl, "v1").ToString(),
            ["Llm:Providers:slow:ApiKey"] = "sk-slow-model-key-0000",
            ["Llm:Models:0:Id"] = "slow-model",
            ["Llm:Models:0:Provider"] = "slow",
        }).BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client, ("a.txt", "a\n"));

        var (bodyStatus, _, bodyProblem) = await SendAsync(client, user.Request(HttpMethod.Post, "/api/v1/workspaces")
            .WithJson(Serialize(new { name = "x", description = new string('d', 70_000) })));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bodyStatus);
        Assert.Contains("65,536 bytes", bodyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var headers = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        headers.Headers.TryAddWithoutValidation("X-Padding", new string('a', 10_000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(headers, Cancellation)).StatusCode);

        // A write waiting on a workspace lock someone else holds is stopped by the 3 s default timeout: 503, nothing written.
        await using (var locker = new NpgsqlConnection(api.DatabaseConnectionString))
        {
            await locker.OpenAsync(Cancellation);
            await using var transaction = await locker.BeginTransactionAsync(Cancellation);
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM workspaces WHERE \"Id\" = @id FOR UPDATE", locker, transaction))
            {
                lockRow.Parameters.AddWithValue("id", Guid.Parse(ws));
                await lockRow.ExecuteScalarAsync(Cancellation);
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            using var blocked = await user.PutFileAsync(ws, "blocked.txt", "never");
            var elapsed = started.Elapsed;
            var problem = await JsonOfAsync(blocked);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
            Assert.EndsWith("/request-timeout", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(30));
            await transaction.RollbackAsync(Cancellation);
        }

        Assert.Null(await user.ReadAsync(ws, "blocked.txt"));

        // A chat reply that takes longer than the default timeout is under the model policy (10 minutes) and completes.
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "slow" });
        var conversation = (await JsonOfAsync(created)).GetProperty("id").GetString();
        llm.Enqueue(new FakeReply("Slow but sure.", FirstTokenDelay: TimeSpan.FromSeconds(4)));
        using var reply = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Take your time" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Slow but sure.", (await JsonOfAsync(reply)).GetProperty("message").GetProperty("content").GetString());
    }

    private static string Serialize(object value) => JsonSerializer.Serialize(value);
}
