using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Injection strings — SQL, script, CRLF (header and log forging), path traversal — in every text field the Api stores or
/// echoes. Each is either refused with 400 naming the field, or stored and returned byte for byte, as JSON (never HTML),
/// with no header of its making; the database keeps its tables and its counts. (The 2023 OWASP API list has no injection
/// item of its own — it was API8:2019 — hence no number in the name.)
/// </summary>
public sealed class InjectionTests(InjectionHost host, TestInfrastructure infrastructure) : IClassFixture<InjectionHost>
{
    public static readonly string[] Payloads =
    [
        "'; DROP TABLE users; --",
        "'; DROP TABLE \"AspNetUsers\"; --",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "a\r\nSet-Cookie: x=y",
        "a\r\nX-Injected: 1",
        "../../etc/passwd",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Account_fields_refuse_or_store_injection_strings_inertly()
    {
        using var client = host.Factory.CreateClient();
        var admin = await SessionAsync(client, TestHost.AdminEmail, TestHost.AdminPassword);
        var usersBefore = await CountAsync(db => db.Users);
        var registered = 0;

        foreach (var payload in Payloads)
        {
            // User names are letters, digits, '.', '_' and '-': every payload is refused.
            await ExpectAsync(await AuthClient.RegisterAsync(client, payload, extra: new { userName = payload, email = $"{AuthClient.UniqueName()}@example.test", password = AuthClient.Password }),
                refused: true, "userName");

            // E-mail: one line, else as given.
            var name = AuthClient.UniqueName();
            var email = payload + "@example.test";
            var register = await ExpectAsync(await AuthClient.RegisterAsync(client, name, extra: new { userName = name, email, password = AuthClient.Password }),
                refused: IsMultiLine(payload), "email");
            if (register is not null)
            {
                registered++;
                var user = await SessionAsync(client, name, AuthClient.Password);
                Assert.Equal(email, (await GetAsync(client, user, "/api/v1/auth/me")).GetProperty("email").GetString());
            }

            // A sign-in name is not stored as an account, but it is written to the audit log (checked below).
            using var login = await AuthClient.LoginAsync(client, payload);
            AssertInert(login);
            Assert.Equal(IsMultiLine(payload) ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, login.StatusCode);

            var token = await ExpectAsync(await SendAsync(client, admin, HttpMethod.Post, "/api/v1/me/tokens", new { name = payload, scopes = new[] { "read" } }),
                refused: IsMultiLine(payload), "name");
            if (token is not null)
            {
                Assert.Contains(payload, (await GetAsync(client, admin, "/api/v1/me/tokens")).EnumerateArray().Select(t => t.GetProperty("name").GetString()));
            }

            var invitation = await ExpectAsync(await SendAsync(client, admin, HttpMethod.Post, "/api/v1/admin/invitations", new { email }),
                refused: IsMultiLine(payload), "email");
            if (invitation is not null)
            {
                Assert.Contains(email, (await GetAsync(client, admin, "/api/v1/admin/invitations")).EnumerateArray().Select(i => i.GetProperty("email").GetString()));
            }

            await ExpectAsync(await SendAsync(client, admin, HttpMethod.Post, "/api/v1/admin/invitations", new { role = payload }), refused: true, "role");
        }

        // A NUL would reach the audit log's text column, which PostgreSQL refuses: 400 up front, not a 500 on the insert.
        await ExpectAsync(await AuthClient.LoginAsync(client, "a\0b"), refused: true, "userNameOrEmail");

        var audited = (await GetAsync(client, admin, "/api/v1/admin/audit?action=auth.login&pageSize=200")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.All(Payloads.Where(p => !IsMultiLine(p)), payload => Assert.Contains(payload, audited));
        Assert.Equal(usersBefore + registered, await CountAsync(db => db.Users));
        Assert.Equal(Payloads.Count(p => !IsMultiLine(p)), registered);
    }

    [Fact]
    public async Task Workspace_fields_refuse_or_store_injection_strings_inertly()
    {
        using var client = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client);
        var other = await WorkspaceClient.SignUpAsync(client);
        var workspaces = 1;

        for (var i = 0; i < Payloads.Length; i++)
        {
            var payload = Payloads[i];
            var created = await ExpectAsync(await user.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = payload, description = payload }),
                refused: IsMultiLine(payload), "name");
            if (created is { } workspace)
            {
                workspaces++;
                var read = await user.GetJsonAsync($"/api/v1/workspaces/{workspace.GetProperty("id").GetString()}");
                Assert.Equal(payload, read.GetProperty("name").GetString());
                Assert.Equal(payload, read.GetProperty("description").GetString());
            }

            // A description may hold several lines.
            var described = await ExpectAsync(await user.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = $"described {i}", description = payload }),
                refused: false, "description");
            workspaces++;
            Assert.Equal(payload, (await user.GetJsonAsync($"/api/v1/workspaces/{described!.Value.GetProperty("id").GetString()}")).GetProperty("description").GetString());

            if (await ExpectAsync(await user.SendAsync(HttpMethod.Patch, $"/api/v1/workspaces/{ws}", new { name = payload }), refused: IsMultiLine(payload), "name") is not null)
            {
                Assert.Equal(payload, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}")).GetProperty("name").GetString());
            }

            // Rules and revision messages are free text: stored as given.
            await ExpectAsync(await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = payload, message = payload }), refused: false, "text");
            Assert.Equal(payload, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/rules")).GetProperty("text").GetString());
            Assert.Equal(payload, LatestRevisionMessage(await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")));

            // File content is served back exactly, as plain text, never as HTML.
            using (var put = user.Request(HttpMethod.Put, $"/api/v1/workspaces/{ws}/files/p{i}.txt?message={Uri.EscapeDataString(payload)}"))
            {
                put.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload));
                await ExpectAsync(await client.SendAsync(put, Cancellation), refused: false, "content");
            }

            using (var file = await user.GetFileAsync(ws, $"p{i}.txt"))
            {
                AssertInert(file, allowText: true);
                Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
                Assert.Equal(Encoding.UTF8.GetBytes(payload), await file.Content.ReadAsByteArrayAsync(Cancellation));
            }

            Assert.Equal(payload, LatestRevisionMessage(await user.GetJsonAsync($"/api/v1/workspaces/{ws}/revisions")));

            // As a file path: traversal and control characters are refused; anything else either is, or names a file listed as given.
            // (A diff header is one line, so there a line break only ends the header: the JSON path of an edit carries those.)
            var refusedPath = payload.Contains("..", StringComparison.Ordinal) || IsMultiLine(payload);
            if (!IsMultiLine(payload))
            {
                using var apply = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/diff/apply", new { diff = $"--- /dev/null\n+++ b/{payload}\n@@ -0,0 +1 @@\n+x\n" });
                AssertInert(apply);
                Assert.True(apply.StatusCode == HttpStatusCode.BadRequest || (!refusedPath && apply.StatusCode == HttpStatusCode.OK), $"{payload}: {(int)apply.StatusCode}");
                if (apply.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Contains(payload, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).EnumerateArray().Select(e => e.GetProperty("path").GetString()));
                }
            }

            using (var edit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit", new { path = payload, oldString = "a", newString = "b" }))
            {
                AssertInert(edit);
                Assert.True(refusedPath ? edit.StatusCode == HttpStatusCode.BadRequest : edit.StatusCode != HttpStatusCode.OK, $"edit {payload}: {(int)edit.StatusCode}");
            }

            // Echoed, not stored: search queries; refused outright: roles.
            using (var search = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q={Uri.EscapeDataString(payload)}"))
            {
                AssertInert(search);
                Assert.Equal(IsMultiLine(payload) ? HttpStatusCode.BadRequest : HttpStatusCode.OK, search.StatusCode);
            }

            await ExpectAsync(await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{other.UserId}", new { role = payload }), refused: true, "role");
        }

        // PostgreSQL cannot store NUL in text: it is refused up front, not left to fail in the database as a 500.
        await ExpectAsync(await user.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "nul", description = "a\0b" }), refused: true, "description");
        await ExpectAsync(await user.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{ws}/rules", new { text = "a\0b" }), refused: true, "text");

        Assert.Equal(workspaces, (await user.GetJsonAsync("/api/v1/workspaces")).GetProperty("total").GetInt32());
        Assert.Equal(workspaces, await CountAsync(db => db.WorkspaceMembers.Where(m => m.UserId == user.UserId)));
        Assert.Equal(1, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/members")).GetArrayLength());
    }

    [Fact]
    public async Task Assistant_fields_refuse_or_store_injection_strings_inertly()
    {
        using var client = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(client, ("a.txt", "hello\n"));
        var conversations = 0;

        foreach (var payload in Payloads)
        {
            var titled = await ExpectAsync(await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = payload }),
                refused: IsMultiLine(payload), "title");
            if (titled is { } conversation)
            {
                conversations++;
                Assert.Equal(payload, (await user.GetJsonAsync($"/api/v1/conversations/{conversation.GetProperty("id").GetString()}")).GetProperty("title").GetString());
            }

            await ExpectAsync(await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "model", model = payload }), refused: true, "model");

            // A message is stored as the user wrote it, and read back as JSON.
            var chat = (await ExpectAsync(await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { title = "chat" }), refused: false, "title"))!.Value;
            conversations++;
            var id = chat.GetProperty("id").GetString();
            await ExpectAsync(await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{id}/messages", new { content = payload }), refused: false, "content");
            var messages = (await user.GetJsonAsync($"/api/v1/conversations/{id}")).GetProperty("messages");
            Assert.Equal(payload, messages.EnumerateArray().First(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString());
            Assert.Equal(payload, host.Llm.Calls[^1].Messages[^1].Text);

            // A key goes into a header of every call: one line only. Base URLs like these are never accepted.
            var keyed = await ExpectAsync(await user.SendAsync(HttpMethod.Put, $"/api/v1/me/provider-keys/{InjectionHost.Provider}", new { apiKey = payload }),
                refused: IsMultiLine(payload), "apiKey");
            Assert.Null(keyed); // 204, no body
            if (!IsMultiLine(payload))
            {
                Assert.Contains(payload[^4..], (await user.GetJsonAsync("/api/v1/me/provider-keys")).EnumerateArray().Select(k => k.GetProperty("last4").GetString()));
            }

            await ExpectAsync(await user.SendAsync(HttpMethod.Put, $"/api/v1/me/provider-keys/{InjectionHost.Provider}", new { apiKey = "sk-a-valid-key-0000", baseUrl = payload }),
                refused: true, "baseUrl");
            using var provider = await user.SendAsync(HttpMethod.Put, $"/api/v1/me/provider-keys/{Uri.EscapeDataString(payload)}", new { apiKey = "sk-a-valid-key-0000" });
            AssertInert(provider);
            Assert.Contains(provider.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        }

        var last = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/conversations")).GetProperty("items")[0].GetProperty("id").GetString();
        await ExpectAsync(await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{last}/messages", new { content = "a\0b" }), refused: true, "content");

        Assert.Equal(conversations, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/conversations?pageSize=200")).GetProperty("total").GetInt32());
        Assert.Equal(1, await CountAsync(db => db.ProviderKeys.Where(k => k.UserId == user.UserId)));
    }

    [Fact]
    public async Task A_line_break_in_a_logged_value_cannot_forge_a_log_line()
    {
        var port = BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();
        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            // Request logging names the (decoded) path: a value an attacker controls down to the line breaks.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting"] = "Information",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await api.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready", Cancellation)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        using var forged = await client.GetAsync("/api/v1/forged%0D%0AX-Injected:%201%0D%0A%7B%22LogLevel%22:%22Critical%22%7D/x", Cancellation);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = "a\r\nX-Injected: 1", password = "whatever it is" }, Cancellation);
        await Task.Delay(500, Cancellation);

        Assert.False(forged.Headers.Contains("X-Injected"));
        var lines = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.DoesNotContain(lines, line => line.StartsWith("X-Injected", StringComparison.Ordinal) || line.StartsWith("{\"LogLevel\":\"Critical\"", StringComparison.Ordinal));
        // The value was logged — whole, inside one entry, its line breaks escaped.
        Assert.Contains(lines, line => JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString()!.Contains("/forged\r\nX-Injected: 1\r\n", StringComparison.Ordinal));
    }

    private static bool IsMultiLine(string value) => value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal);

    /// <summary>
    /// Checks one response is inert and as expected: a refusal is 400 naming <paramref name="field"/>; anything else must
    /// succeed. Returns the JSON body of a success (null for a refusal or an empty success).
    /// </summary>
    private static async Task<JsonElement?> ExpectAsync(HttpResponseMessage response, bool refused, string field)
    {
        using (response)
        {
            AssertInert(response);
            var text = await response.Content.ReadAsStringAsync(Cancellation);
            if (refused)
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {text}");
                Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {text}");
                return null;
            }

            Assert.True(response.IsSuccessStatusCode, $"{field}: {(int)response.StatusCode} {text}");
            return text.Length == 0 ? (JsonElement?)null : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>No server error, no header the input made, and a body that is JSON (or, for file content, plain text) — never HTML.</summary>
    private static void AssertInert(HttpResponseMessage response, bool allowText = false)
    {
        Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
        Assert.False(response.Headers.Contains("X-Injected") || response.Content.Headers.Contains("X-Injected"), "injected header");
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            Assert.DoesNotContain(cookies, cookie => cookie.Contains("x=y", StringComparison.Ordinal));
        }

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType)
        {
            string[] allowed = allowText ? ["text/plain"] : ["application/json", "application/problem+json"];
            Assert.Contains(mediaType, allowed);
        }
    }

    private static string? LatestRevisionMessage(JsonElement revisions) => revisions.GetProperty("items")[0].GetProperty("message").GetString();

    private static async Task<string> SessionAsync(HttpClient client, string userNameOrEmail, string password) =>
        (await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(client, userNameOrEmail, password))).AccessToken;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string accessToken, HttpMethod method, string path, object? body = null) =>
        AuthClient.SendAsync(client, method, path, accessToken, body);

    private static async Task<JsonElement> GetAsync(HttpClient client, string accessToken, string path)
    {
        using var response = await SendAsync(client, accessToken, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    /// <summary>Counts rows straight from the database: the tables are still there and hold what the Api said they do.</summary>
    private async Task<int> CountAsync<T>(Func<BujjiDbContext, IQueryable<T>> rows)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await rows(scope.ServiceProvider.GetRequiredService<BujjiDbContext>()).CountAsync(Cancellation);
    }
}
