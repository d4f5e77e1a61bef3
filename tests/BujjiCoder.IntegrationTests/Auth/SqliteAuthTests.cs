using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>
/// The account flows whose storage differs on SQLite (atomic updates, DateTimeOffset lockout ends, unique
/// hashes), in embedded mode. The full suites run on PostgreSQL.
/// </summary>
public sealed class SqliteAuthTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async ValueTask InitializeAsync() => _api = await TestHost.Sqlite().WithOpenRegistration().BuildApiAsync();

    [Fact]
    public async Task Register_login_refresh_reuse_and_logout_work_on_sqlite()
    {
        using var client = _api.Factory.CreateClient();
        var (_, first) = await NewSessionAsync(client);

        var second = await TokensFromAsync(await RefreshAsync(client, first.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, second.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, first.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, second.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Lockout_counts_parallel_failures_on_sqlite()
    {
        using var client = _api.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => LoginAsync(client, userName, $"wrong guess {i} here")));
        using var right = await LoginAsync(client, userName);

        Assert.Equal((HttpStatusCode)423, right.StatusCode);
    }

    [Fact]
    public async Task Personal_access_tokens_work_on_sqlite()
    {
        using var client = _api.Factory.CreateClient();
        var (_, session) = await NewSessionAsync(client);

        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/me/tokens", session.AccessToken, new { name = "cli", scopes = new[] { "read" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, token)).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();
}
