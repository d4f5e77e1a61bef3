using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API8 (security misconfiguration), secrets in logs: passwords, access and refresh tokens, personal access
/// tokens, provider keys and the server's own secrets are sent through every path that handles them, with every log
/// category at Trace, and must then be absent from every captured log record (message, values, scopes, exceptions),
/// every span (tags, events) and everything exported over OTLP.
/// </summary>
public sealed partial class Api08SecretsInLogsTests(SecretsInLogsHost host) : IClassFixture<SecretsInLogsHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_session_leaves_no_password_token_or_key_in_logs_or_traces()
    {
        var client = host.Factory.CreateClient();
        var canaries = new List<string>();
        string Canary(string what)
        {
            var canary = $"canary-{what}-{Guid.NewGuid():N}";
            canaries.Add(canary);
            return canary;
        }

        var userName = $"c{Guid.NewGuid():N}"[..20];
        var password = Canary("password");
        var newPassword = Canary("new-password");
        using var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { userName, email = $"{userName}@example.test", password }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var first = await TokensAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = userName, password }, Cancellation));
        var second = await TokensAsync(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { first.RefreshToken }, Cancellation));
        using var cookieRefresh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh");
        cookieRefresh.Headers.Add("Cookie", $"{"bujji_refresh"}={second.RefreshToken}");
        cookieRefresh.Headers.Add("X-Bujji-Csrf", "1");
        var third = await TokensAsync(await client.SendAsync(cookieRefresh, Cancellation));

        using var change = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", third.AccessToken, new { currentPassword = password, newPassword });
        Assert.True(change.IsSuccessStatusCode, $"change-password: {(int)change.StatusCode}");
        var fourth = await TokensAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = userName, password = newPassword }, Cancellation));

        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", fourth.AccessToken, new { name = "ci", scopes = new[] { "read", "write", "chat" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pat = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token").GetString()!;
        using var me = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", pat);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        var providerKey = Canary("provider-key");
        // Keys are managed by a signed-in person (a personal access token may not), then used by the token's chats.
        using var putKey = await SendAsync(client, HttpMethod.Put, "/api/v1/me/provider-keys/chatfake", fourth.AccessToken, new { apiKey = providerKey });
        Assert.Equal(HttpStatusCode.NoContent, putKey.StatusCode);

        // A chat turn on the user's key; the message is a canary too: it is a parameter of the INSERTs, and EF Core
        // must never log parameter values.
        var message = Canary("chat-message");
        using var workspace = await SendAsync(client, HttpMethod.Post, "/api/v1/workspaces", pat, new { name = "secrets" });
        var ws = (await workspace.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();
        using var conversation = await SendAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", pat, new { title = "keys" });
        var id = (await conversation.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();
        using var reply = await SendAsync(client, HttpMethod.Post, $"/api/v1/conversations/{id}/messages", pat, new { content = message });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal($"Bearer {providerKey}", host.Llm.Calls[^1].AuthValue);

        canaries.AddRange([first.AccessToken, first.RefreshToken, second.AccessToken, second.RefreshToken, third.AccessToken,
            third.RefreshToken, fourth.AccessToken, fourth.RefreshToken, pat, .. host.ConfiguredSecrets]);
        AssertNowhere(canaries);
        // The logging was really on: EF Core logged the commands (with their parameters as '?').
        Assert.Contains(host.Logs.Records, r => r.Category == "Microsoft.EntityFrameworkCore.Database.Command" && r.Text.Contains("='?'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_in_query_strings_are_redacted_from_request_logs_and_spans()
    {
        var client = host.Factory.CreateClient();
        var (_, tokens) = await Auth.AuthClient.NewSessionAsync(client);
        var accessToken = $"canary-query-access-token-{Guid.NewGuid():N}";
        var apiKey = $"canary-query-api-key-{Guid.NewGuid():N}";
        var password = $"canary-query-password-{Guid.NewGuid():N}";

        using var listed = await SendAsync(client, HttpMethod.Get, $"/api/v1/workspaces?access_token={accessToken}&page=1", tokens.AccessToken);
        using var missing = await client.GetAsync($"/api/v1/no-such-route?api_key={apiKey}", Cancellation);
        using var anonymous = await client.GetAsync($"/api/v1/auth/me?password={password}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        AssertNowhere([accessToken, apiKey, password]);
        // The requests were logged, query included, with the values taken out.
        Assert.Contains(host.Logs.Records, r => r.Text.Contains("/api/v1/no-such-route?api_key=" + SecretScrubber.Mark, StringComparison.Ordinal));
        Assert.Contains(host.Logs.Records, r => r.Text.Contains("access_token=" + SecretScrubber.Mark + "&page=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_credentials_and_failed_requests_do_not_log_what_was_sent()
    {
        var client = host.Factory.CreateClient();
        var jwtSignature = $"canaryJwtSignature{Guid.NewGuid():N}";
        var forgedJwt = $"{Base64Url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}")}.{Base64Url("{\"sub\":\"someone\"}")}.{jwtSignature}";
        var pat = $"bjc_canaryPat{Guid.NewGuid():N}";
        var basicPassword = $"canary-basic-{Guid.NewGuid():N}";
        var wrongPassword = $"canary-wrong-password-{Guid.NewGuid():N}";
        var refreshToken = $"canary-refresh-{Guid.NewGuid():N}";
        var malformedPassword = $"canary-malformed-{Guid.NewGuid():N}";

        using var jwt = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", forgedJwt);
        using var token = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", pat);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{basicPassword}")));
        using var basicResponse = await client.SendAsync(basic, Cancellation);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = "nobody-here", password = wrongPassword }, Cancellation);
        using var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Cancellation);
        using var malformed = await client.PostAsync("/api/v1/auth/login",
            new StringContent($"{{\"userNameOrEmail\":\"x\",\"password\":\"{malformedPassword}\"", Encoding.UTF8, "application/json"), Cancellation);
        using var failure = await client.GetAsync(SecretsInLogsHost.ThrowingPath, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, jwt.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basicResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        AssertNowhere([jwtSignature, forgedJwt, pat, basicPassword, wrongPassword, refreshToken, malformedPassword, host.LibraryFailureCanary, .. host.ConfiguredSecrets]);
        // The failure itself was logged, with its message scrubbed rather than dropped.
        Assert.Contains(host.Logs.Records, r => r.Level == LogLevel.Error
            && r.Text.Contains("Could not connect with Host=db.internal;Username=bujji;Password=" + SecretScrubber.Mark, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_logging_writes_method_path_status_and_duration_only()
    {
        var client = host.Factory.CreateClient();
        var userName = $"r{Guid.NewGuid():N}"[..20];
        var password = $"canary-request-log-{Guid.NewGuid():N}";
        var before = host.Logs.Records.Count;
        using var register = await client.PostAsJsonAsync("/api/v1/auth/register?invite=none", new { userName, email = $"{userName}@example.test", password }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var line = Assert.Single(host.Logs.Records.Skip(before), r => r.Category == "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"
            && r.Text.Contains("Path: /api/v1/auth/register", StringComparison.Ordinal)).Text;
        Assert.Contains("StatusCode: 201", line, StringComparison.Ordinal);
        Assert.Contains("Method: POST", line, StringComparison.Ordinal);
        Assert.Contains("Duration:", line, StringComparison.Ordinal);
        foreach (var absent in new[] { "invite=none", "Content-Type", "Authorization", "RequestBody", "ResponseBody", "password", password, userName })
        {
            Assert.DoesNotContain(absent, line, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_log_parameter_classified_as_secret_is_redacted_by_the_compliance_redactor()
    {
        var canary = $"canary-classified-{Guid.NewGuid():N}";
        var logger = host.Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BujjiCoder.Secrets.Test");

        Connecting(logger, "vault.example.test", canary);

        var record = Assert.Single(host.Logs.Records, r => r.Category == "BujjiCoder.Secrets.Test" && r.Text.Contains("vault.example.test", StringComparison.Ordinal));
        Assert.Contains($"Connecting to vault.example.test with {SecretScrubber.Mark}", record.Text, StringComparison.Ordinal);
        AssertNowhere([canary]);
    }

    [Fact]
    public void Spans_from_any_source_are_scrubbed_before_export()
    {
        var canary = $"canary-span-{Guid.NewGuid():N}";
        using var source = new ActivitySource("BujjiCoder.Secrets.Test");

        using (var activity = source.StartActivity("connect"))
        {
            Assert.NotNull(activity);
            activity.SetTag("db.query.text", $"SELECT 1 -- Host=db;Password={canary}");
            activity.SetTag("url.full", $"https://llm.example.test/v1/chat?api-key={canary}");
            activity.AddException(new InvalidOperationException($"login failed for password={canary}"));
            activity.SetStatus(ActivityStatusCode.Error, $"Bearer {canary}");
        }

        AssertNowhere([canary]);
        var span = Assert.Single(host.Spans(), s => s.StartsWith("connect ", StringComparison.Ordinal));
        Assert.Contains($"url.full=https://llm.example.test/v1/chat?api-key={SecretScrubber.Mark}", span, StringComparison.Ordinal);
        Assert.Contains($"Password={SecretScrubber.Mark}", span, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_in_a_database_commands_text_is_scrubbed_from_its_span_and_plain_commands_are_kept_whole()
    {
        // Npgsql's span carries each command's text: parameterised SQL pass the scrubber's cheap check untouched, but text
        // that does hold a credential (a literal, a comment) still goes through the full scan.
        var canary = $"canary-sql-{Guid.NewGuid():N}";
        var marker = $"plain_{Guid.NewGuid():N}";
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            // Test-made text, no input: raw SQL is the point (a credential inside the command's text).
            var withSecret = "SELECT 1 -- api_key=" + canary;
            var plain = "SELECT 1 AS " + marker + " WHERE 1 = {0}";
            await db.Database.ExecuteSqlRawAsync(withSecret, Cancellation);
            await db.Database.ExecuteSqlRawAsync(plain, [1], Cancellation);
        }

        AssertNowhere([canary]);
        var commands = string.Join('\n', host.Spans().Where(span => span.Contains("SELECT 1", StringComparison.Ordinal)));
        Assert.Contains($"SELECT 1 -- api_key={SecretScrubber.Mark}", commands, StringComparison.Ordinal);
        Assert.Contains($"SELECT 1 AS {marker} WHERE 1 = ", commands, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ef_core_sensitive_data_logging_is_off()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<BujjiDbContext>().GetService<IDbContextOptions>();

        Assert.False(options.FindExtension<CoreOptionsExtension>()?.IsSensitiveDataLoggingEnabled ?? false);
    }

    [LoggerMessage(LogLevel.Information, "Connecting to {Host} with {Credential}")]
    private static partial void Connecting(ILogger logger, string host, [SecretData] string credential);

    private void AssertNowhere(IEnumerable<string> secrets)
    {
        host.Flush();
        var found = secrets.SelectMany(secret => host.FindAnywhere(secret).Select(place => $"{secret[..Math.Min(secret.Length, 24)]}… in {place}")).Take(5).ToList();
        Assert.True(found.Count == 0, "secrets found:\n" + string.Join("\n", found));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string bearer, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static async Task<Auth.Tokens> TokensAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await Auth.AuthClient.TokensFromAsync(response);
        }
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
