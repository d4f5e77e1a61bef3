using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>
/// "Close registration" of docs/RUNBOOK.md: the documented settings file edit, made while the Api runs. The test host reads an extra
/// JSON file with reload on change, as the Api reads <c>appsettings.Production.json</c> beside its dll.
/// </summary>
public sealed class CloseRegistrationTests(TestInfrastructure infrastructure)
{
    private const string DocumentedSetting = """{ "FeatureManagement": { "Registration": false } }""";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turning_the_registration_flag_off_in_the_settings_file_closes_registration_without_a_restart()
    {
        await Runbook.AssertDocumentsAsync(DocumentedSetting);
        using var directory = TemporaryDirectory.Create("bujji-settings");
        var settings = Path.Combine(directory.Path, "appsettings.Production.json");
        await File.WriteAllTextAsync(settings, "{}", Cancellation);
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        await using var running = api.Factory.WithWebHostBuilder(web => web.ConfigureAppConfiguration(
            configuration => configuration.AddJsonFile(settings, optional: false, reloadOnChange: true)));
        using var client = running.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(client, UniqueName())).StatusCode);

        await File.WriteAllTextAsync(settings, DocumentedSetting, Cancellation);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage refused;
        while ((refused = await RegisterAsync(client, UniqueName())).StatusCode != HttpStatusCode.Forbidden)
        {
            Assert.True(DateTime.UtcNow < deadline, $"registration still answers {refused.StatusCode} 20 s after the flag was turned off");
            await Task.Delay(200, Cancellation);
        }

        Assert.EndsWith("registration-closed", await ProblemTypeAsync(refused), StringComparison.Ordinal);
        var info = await client.GetFromJsonAsync<JsonElement>("/api/v1/info", Cancellation);
        Assert.Equal("closed", info.GetProperty("registrationMode").GetString(), StringComparer.OrdinalIgnoreCase);
    }
}
