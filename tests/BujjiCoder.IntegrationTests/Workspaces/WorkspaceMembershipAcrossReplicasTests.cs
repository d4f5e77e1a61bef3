using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Security;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>
/// The workspace gate answers from a membership cached per replica (docs/SECURITY.md, "Revocation bound"): a member removed,
/// a role lowered or a workspace deleted on one replica takes effect on the other within a second while Redis is up, and
/// within the cache lifetime when it is not. The replicas cache for a minute, so only the invalidation message can explain
/// a refusal within the second.
/// </summary>
public sealed class WorkspaceMembershipAcrossReplicasTests(LongCacheReplicaPair replicas, TestInfrastructure infrastructure)
    : IClassFixture<LongCacheReplicaPair>
{
    private static readonly TimeSpan WithRedis = TimeSpan.FromSeconds(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_removed_on_one_replica_is_refused_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var shared = await SharedWorkspaceAsync(first, "Editor");
        Assert.Equal(HttpStatusCode.OK, await ReadStatusAsync(second, shared));

        await ChangeAsync(first, HttpMethod.Delete, $"/api/v1/workspaces/{shared.Workspace}/members/{shared.MemberId}", shared.OwnerToken);

        await AssertWithinAsync(WithRedis, HttpStatusCode.NotFound, () => ReadStatusAsync(second, shared));
    }

    [Fact]
    public async Task A_role_lowered_on_one_replica_stops_writes_on_the_other_within_a_second_and_reads_go_on()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var shared = await SharedWorkspaceAsync(first, "Editor");
        Assert.Equal(HttpStatusCode.OK, await WriteStatusAsync(second, shared));

        await ChangeAsync(first, HttpMethod.Put, $"/api/v1/workspaces/{shared.Workspace}/members/{shared.MemberId}", shared.OwnerToken, new { role = "Viewer" });

        await AssertWithinAsync(WithRedis, HttpStatusCode.Forbidden, () => WriteStatusAsync(second, shared));
        Assert.Equal(HttpStatusCode.OK, await ReadStatusAsync(second, shared));
    }

    [Fact]
    public async Task A_workspace_deleted_on_one_replica_answers_404_on_the_other_within_a_second()
    {
        using var first = replicas.First.Factory.CreateClient();
        using var second = replicas.Second.Factory.CreateClient();
        var shared = await SharedWorkspaceAsync(first, "Viewer");
        Assert.Equal(HttpStatusCode.OK, await ReadStatusAsync(second, shared));

        await ChangeAsync(first, HttpMethod.Delete, $"/api/v1/workspaces/{shared.Workspace}", shared.OwnerToken);

        await AssertWithinAsync(WithRedis, HttpStatusCode.NotFound, () => ReadStatusAsync(second, shared));
    }

    [Fact]
    public async Task With_redis_stopped_a_member_removed_on_one_replica_is_refused_on_the_other_within_the_cache_lifetime()
    {
        var lifetime = TimeSpan.FromSeconds(3);
        await using var pair = new ReplicaPair(infrastructure, lifetime.ToString());
        await pair.InitializeAsync();
        using var first = pair.First.Factory.CreateClient();
        using var second = pair.Second.Factory.CreateClient();
        var shared = await SharedWorkspaceAsync(first, "Editor");

        await pair.Redis.StopAsync();
        var redis = pair.Second.Factory.Services.GetRequiredService<IConnectionMultiplexer>();
        var clock = Stopwatch.StartNew();
        while (redis.IsConnected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The second replica never noticed that Redis stopped.");
            await Task.Delay(50, Cancellation);
        }

        // Cached with Redis already gone, so no message can ever reach this entry: only its lifetime ends it.
        Assert.Equal(HttpStatusCode.OK, await ReadStatusAsync(second, shared));
        await ChangeAsync(first, HttpMethod.Delete, $"/api/v1/workspaces/{shared.Workspace}/members/{shared.MemberId}", shared.OwnerToken);

        await AssertWithinAsync(lifetime + TimeSpan.FromSeconds(1), HttpStatusCode.NotFound, () => ReadStatusAsync(second, shared));
    }

    private sealed record SharedWorkspace(string Workspace, string OwnerToken, string MemberId, string MemberToken);

    /// <summary>A workspace with one file, made by a new user, with a second new user added as <paramref name="role"/>.</summary>
    private static async Task<SharedWorkspace> SharedWorkspaceAsync(HttpClient client, string role)
    {
        var (_, owner) = await NewSessionAsync(client);
        var (memberName, member) = await NewSessionAsync(client);
        using var me = await MeAsync(client, member.AccessToken);
        var memberId = (await me.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        using var created = await SendAsync(client, HttpMethod.Post, "/api/v1/workspaces", owner.AccessToken, new { name = $"w{Guid.NewGuid():N}"[..12] });
        var workspace = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        await ChangeAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{workspace}/members", owner.AccessToken, new { user = memberName, role });
        var shared = new SharedWorkspace(workspace, owner.AccessToken, memberId, member.AccessToken);
        using var written = await SendFileAsync(client, HttpMethod.Put, shared.Workspace, shared.OwnerToken, "hello");
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        return shared;
    }

    private static async Task<HttpStatusCode> ReadStatusAsync(HttpClient client, SharedWorkspace shared)
    {
        using var response = await SendFileAsync(client, HttpMethod.Get, shared.Workspace, shared.MemberToken);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> WriteStatusAsync(HttpClient client, SharedWorkspace shared)
    {
        using var response = await SendFileAsync(client, HttpMethod.Put, shared.Workspace, shared.MemberToken, $"edited {Guid.NewGuid():N}");
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendFileAsync(HttpClient client, HttpMethod method, string workspace, string token, string? content = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/v1/workspaces/{workspace}/files/a.txt");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (content is not null)
        {
            request.Content = new StringContent(content, Encoding.UTF8, "text/plain");
        }

        return await client.SendAsync(request, Cancellation);
    }

    /// <summary>Asks until the answer is <paramref name="expected"/>; the clock starts when the change has been answered.</summary>
    private static async Task AssertWithinAsync(TimeSpan bound, HttpStatusCode expected, Func<Task<HttpStatusCode>> ask)
    {
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = await ask()) != expected)
        {
            Assert.True(clock.Elapsed < bound, $"Still {(int)status} {clock.Elapsed.TotalMilliseconds:0} ms after the change (bound {bound.TotalMilliseconds:0} ms).");
            await Task.Delay(20, Cancellation);
        }
    }
}
