using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Assistant;

/// <summary>Bring-your-own provider keys: stored encrypted, shown as last four only, never logged, base URLs checked.</summary>
public sealed class ProviderKeyTests(AssistantHost host) : IClassFixture<AssistantHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_is_stored_encrypted_shown_as_its_last_four_and_never_logged()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var canary = $"sk-user-canary-{Guid.NewGuid():N}";

        using var put = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/fake", new { apiKey = canary, baseUrl = "https://llm.example.test/v1" });
        using var list = await user.SendAsync(HttpMethod.Get, "/api/v1/me/provider-keys");
        var listed = await list.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var key = Assert.Single(JsonDocument.Parse(listed).RootElement.EnumerateArray());
        Assert.Equal("fake", key.GetProperty("provider").GetString());
        Assert.Equal(canary[^4..], key.GetProperty("last4").GetString());
        Assert.DoesNotContain(canary, listed, StringComparison.Ordinal);

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ProviderKeys.SingleAsync(k => k.UserId == user.UserId, Cancellation);
        Assert.DoesNotContain(canary, stored.ProtectedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(canary, StringComparison.Ordinal));

        using var deleted = await user.SendAsync(HttpMethod.Delete, "/api/v1/me/provider-keys/fake");
        using var again = await user.SendAsync(HttpMethod.Delete, "/api/v1/me/provider-keys/fake");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Provider_names_are_case_insensitive_so_a_second_put_replaces_the_key()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());

        using var first = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/fake", new { apiKey = "sk-first-key-1111" });
        using var second = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/FAKE", new { apiKey = "sk-second-key-2222" });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        var key = Assert.Single((await user.GetJsonAsync("/api/v1/me/provider-keys")).EnumerateArray());
        Assert.Equal("fake", key.GetProperty("provider").GetString());
        Assert.Equal("2222", key.GetProperty("last4").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434/v1")]
    [InlineData("http://localhost:8000")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/v1")]
    [InlineData("http://[::1]/v1")]
    [InlineData("file:///etc/passwd")]
    public async Task A_base_url_that_reaches_inside_the_network_is_refused(string baseUrl)
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());

        using var put = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/fake", new { apiKey = "sk-some-user-key", baseUrl });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("baseUrl", out _));
        Assert.Equal(0, (await user.GetJsonAsync("/api/v1/me/provider-keys")).GetArrayLength());
    }

    [Fact]
    public async Task Unknown_providers_and_bad_keys_are_refused()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());

        using var unknown = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/nope", new { apiKey = "sk-some-user-key" });
        using var empty = await user.SendAsync(HttpMethod.Put, "/api/v1/me/provider-keys/fake", new { apiKey = "" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
