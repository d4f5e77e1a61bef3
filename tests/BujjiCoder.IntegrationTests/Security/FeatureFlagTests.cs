using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>Feature flags switch whole endpoints off per environment, by configuration alone.</summary>
public sealed class FeatureFlagTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task Composer_and_completion_are_gone_when_their_flags_are_off()
    {
        await using var host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: new Dictionary<string, string?>
        {
            ["Auth:RegistrationMode"] = "Open",
            ["FeatureManagement:Composer"] = "false",
            ["FeatureManagement:Completion"] = "false",
        });
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("a.cs", "class A {}\n"));

        using var composer = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "rename A" });
        using var completion = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/completion", new { path = "a.cs", line = 1, column = 8 });
        var info = await user.GetJsonAsync("/api/v1/info");

        Assert.Equal(HttpStatusCode.NotFound, composer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, completion.StatusCode);
        Assert.False(info.GetProperty("features").GetProperty("composer").GetBoolean());
        Assert.False(info.GetProperty("features").GetProperty("completion").GetBoolean());
    }
}
