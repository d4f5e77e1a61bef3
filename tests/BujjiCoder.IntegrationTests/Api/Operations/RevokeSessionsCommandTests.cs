using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>"Revoke every session" of docs/RUNBOOK.md, run as written against a serving Api.</summary>
public sealed class RevokeSessionsCommandTests(TestInfrastructure infrastructure)
{
    private const string EveryoneCommand = "dotnet BujjiCoder.Api.dll revoke-sessions --all";
    private const string OneUserCommand = "dotnet BujjiCoder.Api.dll revoke-sessions --user <email>";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_revoke_sessions_all_no_refresh_token_personal_access_token_or_access_token_issued_before_works()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (name, first) = await NewSessionAsync(client);
        var (_, second) = await NewSessionAsync(client);
        var pat = await PersonalAccessTokenAsync(client, first.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, first.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, pat)).StatusCode);

        var (exit, output) = await Runbook.RunApiCommandAsync(EveryoneCommand, infrastructure, api.DatabaseConnectionString);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("Revoked 2 refresh token(s) and 1 personal access token(s) of 2 user(s)", output, StringComparison.Ordinal);
        // The stated bound: an access token is refused at its very next request, not when it expires.
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, first.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, second.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, pat)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, first.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, second.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, name)).StatusCode);
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().AuditEvents
            .SingleAsync(e => e.Action == "admin.user.revoke-sessions", Cancellation);
        Assert.Equal("*", audit.Target);
        Assert.StartsWith("command;users=2", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_sessions_of_one_user_leaves_everyone_else_signed_in()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (victim, stolen) = await NewSessionAsync(client);
        var (_, bystander) = await NewSessionAsync(client);
        var pat = await PersonalAccessTokenAsync(client, stolen.AccessToken);

        var (exit, output) = await Runbook.RunApiCommandAsync(OneUserCommand, infrastructure, api.DatabaseConnectionString,
            new Dictionary<string, string> { ["<email>"] = $"{victim}@example.test" });

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, stolen.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, pat)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, stolen.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, bystander.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, bystander.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Revoke_sessions_of_an_unknown_email_changes_nothing_and_fails()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);

        var (exit, output) = await Runbook.RunApiCommandAsync(OneUserCommand, infrastructure, api.DatabaseConnectionString,
            new Dictionary<string, string> { ["<email>"] = "nobody@example.test" });

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, session.AccessToken)).StatusCode);
    }

    private static async Task<string> PersonalAccessTokenAsync(HttpClient client, string accessToken)
    {
        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", accessToken,
            new { name = "ci", scopes = new[] { "read" }, expiresAt = DateTime.UtcNow.AddDays(7) });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("token").GetString()!;
    }
}
