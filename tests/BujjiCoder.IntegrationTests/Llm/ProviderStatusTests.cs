using System.Net;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>Provider reachability is reported to administrators on a status endpoint, and is no part of readiness.</summary>
public sealed class ProviderStatusTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private const string Path = "/api/v1/admin/providers/status";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_sees_each_provider_reachable_with_its_breaker_and_the_last_call()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/c.go", "package c\n"));
        using var created = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/conversations", new { model = MetricsHost.Model });
        var conversation = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("id").GetString();
        host.Llm.Enqueue(new FakeReply("Fine."));
        (await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Hello?" })).EnsureSuccessStatusCode();
        using var client = host.Factory.CreateClient();
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;

        using var response = await SendAsync(client, HttpMethod.Get, Path, admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var providers = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("providers");
        var fake = Assert.Single(providers.EnumerateArray(), p => p.GetProperty("name").GetString() == MetricsHost.Provider);
        Assert.True(fake.GetProperty("reachable").GetBoolean());
        Assert.Equal("closed", fake.GetProperty("breaker").GetString());
        Assert.True(fake.GetProperty("hasServerKey").GetBoolean());
        Assert.True(fake.GetProperty("probe").GetProperty("reachable").GetBoolean());
        Assert.True(fake.GetProperty("probe").GetProperty("latencyMs").GetDouble() > 0);
        Assert.Equal(JsonValueKind.String, fake.GetProperty("lastSuccessAt").ValueKind);
        Assert.DoesNotContain("sk-metrics-server-key", providers.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_is_refused_the_provider_status()
    {
        using var client = host.Factory.CreateClient();
        var (_, tokens) = await NewSessionAsync(client);

        using var response = await SendAsync(client, HttpMethod.Get, Path, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_checks_only_the_services_own_dependencies_not_the_providers()
    {
        using var client = host.Factory.CreateClient();

        var ready = await client.GetStringAsync("/health/ready", Cancellation);

        Assert.Contains("database", ready, StringComparison.Ordinal);
        Assert.DoesNotContain(MetricsHost.Provider, ready, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("llm", ready, StringComparison.OrdinalIgnoreCase);
    }
}
