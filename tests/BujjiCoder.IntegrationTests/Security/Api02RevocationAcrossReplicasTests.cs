using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API2:2023 Broken Authentication, with identities cached per replica (docs/SECURITY.md, "Revocation"): a disabled
/// user, a changed password, revoked sessions, a role change, a deleted user or a revoked personal access token stop
/// working on every replica within a second while Redis is up, and within the cache lifetime when it is not. The change is
/// made on one replica (or by an operator command, another process) after the other has cached the credential, as a load
/// balancer would spread the requests.
/// </summary>
public sealed class Api02RevocationAcrossReplicasTests(LongCacheReplicaPair replicas, TestInfrastructure infrastructure)
    : IClassFixture<LongCacheReplicaPair>
{
    /// <summary>The stated bound with Redis up.</summary>
    private static readonly TimeSpan WithRedis = TimeSpan.FromSeconds(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_disabled_on_one_replica_is_refused_on_the_other_within_a_second_by_access_token_and_personal_access_token()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        await AssertAcceptedAsync(second, user.AccessToken, user.PersonalAccessToken);

        await ChangeAsync(first, HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", await AdminTokenAsync(first), new { disabled = true });

        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken, user.PersonalAccessToken);
    }

    [Fact]
    public async Task A_password_changed_on_one_replica_stops_the_old_access_token_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        await AssertAcceptedAsync(second, user.AccessToken);

        await ChangeAsync(first, HttpMethod.Post, "/api/v1/auth/change-password", user.AccessToken,
            new { currentPassword = Password, newPassword = "a brand new passphrase 42" });

        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken);
    }

    [Fact]
    public async Task Sessions_revoked_on_one_replica_stop_access_tokens_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        await AssertAcceptedAsync(second, user.AccessToken);

        await ChangeAsync(first, HttpMethod.Post, $"/api/v1/admin/users/{user.Id}/revoke-sessions", await AdminTokenAsync(first));

        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken);
    }

    [Fact]
    public async Task A_role_change_on_one_replica_stops_the_access_token_and_narrows_the_personal_access_token_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        Assert.Equal(["User"], await RolesAsync(second, user.PersonalAccessToken));
        await AssertAcceptedAsync(second, user.AccessToken);

        await ChangeAsync(first, HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", await AdminTokenAsync(first), new { roles = new[] { "Guest" } });

        var clock = Stopwatch.StartNew();
        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken);
        while (await RolesAsync(second, user.PersonalAccessToken) is not ["Guest"])
        {
            Assert.True(clock.Elapsed < WithRedis, $"The personal access token still acted with the old roles {clock.Elapsed.TotalMilliseconds:0} ms after the change.");
            await Task.Delay(20, Cancellation);
        }
    }

    [Fact]
    public async Task A_personal_access_token_revoked_on_one_replica_is_refused_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        var other = await CreateTokenAsync(first, user.AccessToken);
        await AssertAcceptedAsync(second, user.PersonalAccessToken, other.Token);

        await ChangeAsync(first, HttpMethod.Delete, $"/api/v1/me/tokens/{other.Id}", user.AccessToken);

        await AssertRefusedWithinAsync(second, WithRedis, other.Token);
        await AssertAcceptedAsync(second, user.PersonalAccessToken);
    }

    [Fact]
    public async Task A_user_deleted_on_one_replica_is_refused_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        await AssertAcceptedAsync(second, user.AccessToken, user.PersonalAccessToken);

        // No endpoint deletes accounts; UserManager is where any future one (or a script) would.
        await using (var scope = replicas.First.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
            var deleted = await users.DeleteAsync((await users.FindByIdAsync(user.Id))!);
            Assert.True(deleted.Succeeded, string.Join("; ", deleted.Errors.Select(e => e.Description)));
        }

        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken, user.PersonalAccessToken);
    }

    [Fact]
    public async Task A_user_locked_by_the_operator_command_is_refused_on_a_running_replica_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        await AssertAcceptedAsync(first, user.AccessToken, user.PersonalAccessToken);
        await AssertAcceptedAsync(second, user.AccessToken, user.PersonalAccessToken);

        // Another process, as an operator runs it: its message must leave before it exits.
        await using (var command = ServerProcess.StartProject("BujjiCoder.Api", ["lock-user", "--email", user.Email], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = replicas.First.DatabaseConnectionString,
            ["ConnectionStrings__cache"] = replicas.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = ServiceFactory<Program>.TestSigningKey,
        }))
        {
            Assert.True(await command.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, command.Output);
        }

        await AssertRefusedWithinAsync(second, WithRedis, user.AccessToken, user.PersonalAccessToken);
        await AssertRefusedWithinAsync(first, WithRedis, user.AccessToken, user.PersonalAccessToken);
    }

    [Fact]
    public async Task With_redis_stopped_a_user_disabled_on_one_replica_is_refused_on_the_other_within_the_cache_lifetime()
    {
        var lifetime = TimeSpan.FromSeconds(3);
        await using var pair = new ReplicaPair(infrastructure, lifetime.ToString());
        await pair.InitializeAsync();
        using var first = pair.First.Factory.CreateClient();
        using var second = pair.Second.Factory.CreateClient();
        var user = await SignedInUserAsync(first);
        var admin = await AdminTokenAsync(first);

        await pair.Redis.StopAsync();
        var redis = pair.Second.Factory.Services.GetRequiredService<IConnectionMultiplexer>();
        var clock = Stopwatch.StartNew();
        while (redis.IsConnected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The second replica never noticed that Redis stopped.");
            await Task.Delay(50, Cancellation);
        }

        // Cached with Redis already gone, so no message can ever reach this entry: only its lifetime ends it.
        await AssertAcceptedAsync(second, user.AccessToken, user.PersonalAccessToken);
        await ChangeAsync(first, HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", admin, new { disabled = true });

        await AssertRefusedWithinAsync(second, lifetime + TimeSpan.FromSeconds(1), user.AccessToken, user.PersonalAccessToken);
    }

    [Fact]
    public async Task A_cache_lifetime_longer_than_five_minutes_stops_the_api_at_start()
    {
        await using var api = await TestHost.Sqlite().With("Auth:IdentityCache:Lifetime", "00:05:01").BuildApiAsync();

        var failure = Assert.Throws<OptionsValidationException>(() => api.Factory.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Auth:IdentityCache:Lifetime must be between 00:00:00 (no cache) and 00:05:00", string.Join(" ", failure.Failures), StringComparison.Ordinal);
    }

    private sealed record SignedInUser(string Id, string Email, string AccessToken, string PersonalAccessToken);

    private static async Task<SignedInUser> SignedInUserAsync(HttpClient client)
    {
        var (_, tokens) = await NewSessionAsync(client);
        var me = await (await MeAsync(client, tokens.AccessToken)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return new SignedInUser(me.GetProperty("id").GetString()!, me.GetProperty("email").GetString()!, tokens.AccessToken,
            (await CreateTokenAsync(client, tokens.AccessToken)).Token);
    }

    private static async Task<(string Id, string Token)> CreateTokenAsync(HttpClient client, string accessToken)
    {
        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", accessToken, new { name = $"t{Guid.NewGuid():N}"[..12], scopes = new[] { "read" } });
        var body = await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    private static async Task<string> AdminTokenAsync(HttpClient client) =>
        (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;

    private static async Task<string[]> RolesAsync(HttpClient client, string token)
    {
        using var me = await MeAsync(client, token);
        var body = await me.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return [.. body.GetProperty("roles").EnumerateArray().Select(role => role.GetString()!)];
    }

    private static async Task AssertAcceptedAsync(HttpClient client, params string[] tokens)
    {
        foreach (var token in tokens)
        {
            using var me = await MeAsync(client, token);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
    }

    /// <summary>Asks until every token is refused; the clock starts when the change has been answered.</summary>
    private static async Task AssertRefusedWithinAsync(HttpClient client, TimeSpan bound, params string[] tokens)
    {
        var clock = Stopwatch.StartNew();
        foreach (var token in tokens)
        {
            while (true)
            {
                using var me = await MeAsync(client, token);
                if (me.StatusCode == HttpStatusCode.Unauthorized)
                {
                    break;
                }

                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
                Assert.True(clock.Elapsed < bound, $"Still accepted {clock.Elapsed.TotalMilliseconds:0} ms after the change (bound {bound.TotalMilliseconds:0} ms).");
                await Task.Delay(20, Cancellation);
            }
        }
    }
}
