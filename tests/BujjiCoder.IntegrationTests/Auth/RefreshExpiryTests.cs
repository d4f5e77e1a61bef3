using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.Time.Testing;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Refresh-token expiry on a clock the test moves: 14 days sliding, 30 days absolute.</summary>
public sealed class RefreshExpiryTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task An_unused_refresh_token_expires_after_14_days()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await StartAsync(clock);
        using var client = api.Factory.CreateClient();
        var (_, fresh) = await NewSessionAsync(client);
        var (_, stale) = await NewSessionAsync(client);

        clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, fresh.RefreshToken)).StatusCode);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, stale.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Rotating_keeps_a_session_alive_for_30_days_and_no_longer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await StartAsync(clock);
        using var client = api.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            clock.Advance(TimeSpan.FromDays(10));
            tokens = await TokensFromAsync(await RefreshAsync(client, tokens.RefreshToken));
        }

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, tokens.RefreshToken)).StatusCode);
    }

    private Task<ApiHost> StartAsync(FakeTimeProvider clock) =>
        TestHost.Postgres(infrastructure).WithOpenRegistration().WithClock(clock).BuildApiAsync();
}
