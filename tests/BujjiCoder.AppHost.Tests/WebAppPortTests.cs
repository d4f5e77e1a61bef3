using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BujjiCoder.AppHost.Tests;

/// <summary>Fixed ports for the web app and the Api: the URLs <c>./run.sh</c> prints stay the same from run to run.</summary>
public sealed class WebAppPortTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_web_app_listens_itself_on_5173_unless_WebApp_Port_says_otherwise()
    {
        var byDefault = await EndpointAsync("web", []);
        var configured = await EndpointAsync("web", ["--WebApp:Port", "5999"]);

        Assert.Equal((5173, false), (byDefault.Port, byDefault.IsProxied));
        Assert.Equal((5999, false), (configured.Port, configured.IsProxied));
    }

    [Fact]
    public async Task The_api_is_on_5080_from_its_launch_profile_unless_Api_Port_says_otherwise()
    {
        var byDefault = await EndpointAsync("api", []);
        var configured = await EndpointAsync("api", ["--Api:Port", "5998"]);

        Assert.Equal(5080, byDefault.Port);
        Assert.Equal(5998, configured.Port);
    }

    // Only the web app's: the testing builder moves the Api to a random port, so the Api's check cannot trip here.
    [Fact]
    public async Task A_taken_web_port_stops_the_start_with_one_line_naming_the_setting_to_change()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var data = TemporaryDirectory.Create("bujji-model");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "embedded", "--LocalInfra:DataDirectory", data.Path, "--WebApp:Port", port.ToString(CultureInfo.InvariantCulture)], Cancellation);
        await using var app = await builder.BuildAsync(Cancellation);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(Cancellation));

        // The exception the AppHost prints as one line (no stack trace) before exiting with 1.
        var refused = error.GetBaseException();
        Assert.Equal("StartRefusedException", refused.GetType().Name);
        Assert.Contains($"Port {port} for web is already in use", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"--WebApp:Port {port + 1}", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<EndpointAnnotation> EndpointAsync(string resource, string[] arguments)
    {
        using var data = TemporaryDirectory.Create("bujji-model");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "embedded", "--LocalInfra:DataDirectory", data.Path, .. arguments], Cancellation);
        return builder.Resources.Single(r => r.Name == resource).Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http");
    }
}
