using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>Feature flags switch whole endpoints off per environment, by configuration alone.</summary>
public sealed class FeatureFlagTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task Composer_and_completion_are_gone_when_their_flags_are_off()
    {
        await using var host = await TestHost.Postgres(infrastructure).WithOpenRegistration()
            .With("FeatureManagement:Composer", "false").With("FeatureManagement:Completion", "false").BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.cs", "class A {}\n"));

        using var composer = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "rename A" });
        using var completion = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/completion", new { path = "a.cs", line = 1, column = 8 });
        var info = await user.GetJsonAsync("/api/v1/info");

        Assert.Equal(HttpStatusCode.NotFound, composer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, completion.StatusCode);
        Assert.False(info.GetProperty("features").GetProperty("composer").GetBoolean());
        Assert.False(info.GetProperty("features").GetProperty("completion").GetBoolean());
    }

    [Fact]
    public async Task Registration_is_closed_when_its_flag_is_off_whatever_the_mode_says()
    {
        await using var host = await TestHost.Postgres(infrastructure).WithOpenRegistration().With("FeatureManagement:Registration", "false").BuildApiAsync();
        using var client = host.Factory.CreateClient();

        using var register = await AuthClient.RegisterAsync(client, AuthClient.UniqueName());
        var info = await client.GetFromJsonAsync<JsonElement>("/api/v1/info", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.EndsWith("/registration-closed", await AuthClient.ProblemTypeAsync(register), StringComparison.Ordinal);
        Assert.Equal("closed", info.GetProperty("registrationMode").GetString());
        using var login = await AuthClient.LoginAsync(client, "nobody");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}
