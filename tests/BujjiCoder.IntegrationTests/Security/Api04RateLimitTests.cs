using System.Net;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using StackExchange.Redis;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API4 (unrestricted resource consumption): bursts beyond each quota get 429 with Retry-After and the
/// RateLimit headers, per client IP, user, personal access token and endpoint group, counted in Redis.
/// </summary>
public sealed class Api04RateLimitTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_attempts_beyond_the_per_ip_quota_are_refused_whoever_they_name()
    {
        await using var host = await HostPresets.RateLimited(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Groups:auth:PermitLimit"] = "3",
        }).BuildApiAsync();
        using var client = host.Factory.CreateClient();

        // A credential-stuffing run: each attempt names another account, all from one address.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await AuthClient.LoginAsync(client, AuthClient.UniqueName(), "wrong password"));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        Assert.Equal([2, 1, 0], answers.Select(answer => RateLimitHosts.Remaining(answer, "auth")));
        using var refused = await AuthClient.LoginAsync(client, AuthClient.UniqueName(), "wrong password");
        await RateLimitHosts.AssertRefusedAsync(refused, "auth");

        // Register and refresh share the quota: the next attempt of either is refused before any work is done.
        using var register = await AuthClient.RegisterAsync(client, AuthClient.UniqueName());
        await RateLimitHosts.AssertRefusedAsync(register, "auth");
        using var refresh = await AuthClient.RefreshAsync(client, "not-a-token");
        await RateLimitHosts.AssertRefusedAsync(refresh, "auth");
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_through_a_trusted_proxy()
    {
        var limits = new Dictionary<string, string?> { ["RateLimiting:Anonymous:PermitLimit"] = "2" };
        await using var direct = await HostPresets.RateLimited(infrastructure).WithSettings(limits).BuildApiAsync();
        using var directClient = direct.Factory.CreateClient();

        // Not behind a trusted proxy: a client that invents X-Forwarded-For is still counted by its own address.
        (await RateLimitHosts.InfoAsync(directClient, "198.51.100.1")).EnsureSuccessStatusCode();
        (await RateLimitHosts.InfoAsync(directClient, "198.51.100.2")).EnsureSuccessStatusCode();
        using var spoofed = await RateLimitHosts.InfoAsync(directClient, "198.51.100.3");
        await RateLimitHosts.AssertRefusedAsync(spoofed, "anonymous");

        // Behind a trusted proxy each forwarded client has its own quota.
        await using var proxied = await HostPresets.RateLimited(infrastructure)
            .WithSettings(limits).With("Http:TrustedProxies:0", ClientAddress.Address.ToString()).BuildApiAsync();
        using var proxiedClient = proxied.Factory.CreateClient();
        (await RateLimitHosts.InfoAsync(proxiedClient, "198.51.100.1")).EnsureSuccessStatusCode();
        (await RateLimitHosts.InfoAsync(proxiedClient, "198.51.100.1")).EnsureSuccessStatusCode();
        await RateLimitHosts.AssertRefusedAsync(await RateLimitHosts.InfoAsync(proxiedClient, "198.51.100.1"), "anonymous");
        using var otherClient = await RateLimitHosts.InfoAsync(proxiedClient, "198.51.100.2");
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);

        // IPv6 clients are counted per /64: moving within the block does not reset the count.
        (await RateLimitHosts.InfoAsync(proxiedClient, "2001:db8:1:2::1")).EnsureSuccessStatusCode();
        (await RateLimitHosts.InfoAsync(proxiedClient, "2001:db8:1:2::ffff")).EnsureSuccessStatusCode();
        await RateLimitHosts.AssertRefusedAsync(await RateLimitHosts.InfoAsync(proxiedClient, "2001:db8:1:2:abcd::9"), "anonymous");
    }

    [Fact]
    public async Task Behind_several_trusted_proxies_the_client_is_the_first_untrusted_address_and_one_forged_before_it_changes_nothing()
    {
        // Azure Container Apps' shape: the browser → ingress (10.0.0.4) → web front door (10.0.0.5) → ingress → Api.
        await using var host = await HostPresets.RateLimited(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Anonymous:PermitLimit"] = "2",
            ["Http:TrustedProxies:0"] = ClientAddress.Address.ToString(),
            ["Http:TrustedProxies:1"] = "10.0.0.0/24",
            ["Http:ForwardLimit"] = "3",
        }).BuildApiAsync();
        using var client = host.Factory.CreateClient();

        (await RateLimitHosts.InfoAsync(client, "198.51.100.20, 10.0.0.4, 10.0.0.5")).EnsureSuccessStatusCode();
        // The browser writes an address of its choosing before its own: the walk stops at the first untrusted one, its own.
        (await RateLimitHosts.InfoAsync(client, "203.0.113.99, 198.51.100.20, 10.0.0.4, 10.0.0.5")).EnsureSuccessStatusCode();
        await RateLimitHosts.AssertRefusedAsync(await RateLimitHosts.InfoAsync(client, "203.0.113.77, 198.51.100.20, 10.0.0.4, 10.0.0.5"), "anonymous");

        // Another browser behind the same proxies has a quota of its own, rather than sharing the front door's.
        using var other = await RateLimitHosts.InfoAsync(client, "198.51.100.21, 10.0.0.4, 10.0.0.5");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Each_user_has_a_quota_by_role_tier_and_one_user_exhausting_it_leaves_others_alone()
    {
        await using var host = await HostPresets.RateLimited(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Roles:User:PermitLimit"] = "4",
            ["RateLimiting:Roles:Admin:PermitLimit"] = "8",
            ["Auth:Bootstrap:AdminEmail"] = TestHost.AdminEmail,
            ["Auth:Bootstrap:AdminPassword"] = TestHost.AdminPassword,
        }).BuildApiAsync();
        using var client = host.Factory.CreateClient();
        var (_, first) = await AuthClient.NewSessionAsync(client);
        var (_, second) = await AuthClient.NewSessionAsync(client);

        for (var i = 0; i < 4; i++)
        {
            using var allowed = await AuthClient.MeAsync(client, first.AccessToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(3 - i, RateLimitHosts.Remaining(allowed, "user"));
            Assert.Contains("\"user\";q=4;w=60", string.Join(", ", allowed.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
        }

        await RateLimitHosts.AssertRefusedAsync(await AuthClient.MeAsync(client, first.AccessToken), "user");
        using var other = await AuthClient.MeAsync(client, second.AccessToken);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // An administrator's tier is the larger one.
        var adminToken = (await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        for (var i = 0; i < 8; i++)
        {
            using var allowed = await AuthClient.MeAsync(client, adminToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await RateLimitHosts.AssertRefusedAsync(await AuthClient.MeAsync(client, adminToken), "user");
    }

    [Fact]
    public async Task A_personal_access_token_has_its_own_quota_on_top_of_its_users()
    {
        await using var host = await HostPresets.RateLimited(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Roles:User:PermitLimit"] = "20",
            ["RateLimiting:PersonalAccessTokens:PermitLimit"] = "3",
        }).BuildApiAsync();
        using var client = host.Factory.CreateClient();
        var (_, session) = await AuthClient.NewSessionAsync(client);
        var token = await RateLimitHosts.CreatePersonalAccessTokenAsync(client, session.AccessToken);

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await AuthClient.SendAsync(client, HttpMethod.Get, "/api/v1/workspaces", token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(2 - i, RateLimitHosts.Remaining(allowed, "token"));
        }

        await RateLimitHosts.AssertRefusedAsync(await AuthClient.SendAsync(client, HttpMethod.Get, "/api/v1/workspaces", token), "token");

        // The user's own quota still has room: signed in with the password, they carry on.
        using var interactive = await AuthClient.SendAsync(client, HttpMethod.Get, "/api/v1/workspaces", session.AccessToken);
        Assert.Equal(HttpStatusCode.OK, interactive.StatusCode);
        Assert.Equal(20 - 1 - 3 - 1, RateLimitHosts.Remaining(interactive, "user"));
    }

    [Fact]
    public async Task An_endpoint_group_has_its_own_quota_per_user()
    {
        await using var host = await HostPresets.RateLimited(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["RateLimiting:Groups:search:PermitLimit"] = "2",
        }).BuildApiAsync();
        using var http = host.Factory.CreateClient();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(http, ("a.txt", "hello"));

        (await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=hello")).EnsureSuccessStatusCode();
        (await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=hello")).EnsureSuccessStatusCode();
        await RateLimitHosts.AssertRefusedAsync(await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/search?q=hello"), "search");

        // Other endpoints are not in the group.
        using var tree = await user.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/tree");
        Assert.Equal(HttpStatusCode.OK, tree.StatusCode);
        Assert.DoesNotContain("\"search\"", string.Join(", ", tree.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_api_instances_sharing_redis_share_one_count()
    {
        var prefix = $"shared:{Guid.NewGuid():N}:";
        var limits = new Dictionary<string, string?> { ["RateLimiting:Anonymous:PermitLimit"] = "4" };
        await using var first = await HostPresets.RateLimited(infrastructure, prefix).WithSettings(limits).BuildApiAsync();
        await using var second = await HostPresets.RateLimited(infrastructure, prefix).WithSettings(limits).BuildApiAsync();
        using var firstClient = first.Factory.CreateClient();
        using var secondClient = second.Factory.CreateClient();

        var remaining = new List<int>();
        foreach (var client in new[] { firstClient, secondClient, firstClient, secondClient })
        {
            using var allowed = await RateLimitHosts.InfoAsync(client);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            remaining.Add(RateLimitHosts.Remaining(allowed, "anonymous"));
        }

        Assert.Equal([3, 2, 1, 0], remaining);
        await RateLimitHosts.AssertRefusedAsync(await RateLimitHosts.InfoAsync(firstClient), "anonymous");
        await RateLimitHosts.AssertRefusedAsync(await RateLimitHosts.InfoAsync(secondClient), "anonymous");

        // The count lives in Redis under the shared prefix, with the window as its expiry.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.Redis.ConnectionString);
        var key = $"{prefix}anonymous:ip:{ClientAddress.Address}";
        Assert.Equal(4, (int)await redis.GetDatabase().StringGetAsync(key));
        Assert.InRange((await redis.GetDatabase().KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        await using var host = await HostPresets.RateLimited(infrastructure).With("RateLimiting:Anonymous:PermitLimit", "1").BuildApiAsync();
        using var client = host.Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var live = await client.GetAsync("/health/live", Cancellation);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.False(live.Headers.Contains("RateLimit"));
        }
    }
}
