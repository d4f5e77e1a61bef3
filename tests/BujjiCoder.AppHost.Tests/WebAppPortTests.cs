using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BujjiCoder.AppHost.Tests;

/// <summary>The Vite dev server's fixed port: the URL <c>./run.sh</c> prints stays the same from run to run.</summary>
public sealed class WebAppPortTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_web_app_listens_itself_on_5173_unless_WebApp_Port_says_otherwise()
    {
        var byDefault = await WebEndpointAsync([]);
        var configured = await WebEndpointAsync(["--WebApp:Port", "5999"]);

        Assert.Equal((5173, false), (byDefault.Port, byDefault.IsProxied));
        Assert.Equal((5999, false), (configured.Port, configured.IsProxied));
    }

    [Fact]
    public async Task The_api_keeps_the_port_of_its_launch_profile()
    {
        using var data = TemporaryDirectory.Create("bujji-model");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "embedded", "--LocalInfra:DataDirectory", data.Path], Cancellation);

        var api = builder.Resources.Single(resource => resource.Name == "api");

        Assert.Equal(5080, api.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);
    }

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

        Assert.Contains($"Port {port} for the web app is already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--WebApp:Port {port + 1}", error.Message, StringComparison.Ordinal);
    }

    private static async Task<EndpointAnnotation> WebEndpointAsync(string[] arguments)
    {
        using var data = TemporaryDirectory.Create("bujji-model");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BujjiCoder_AppHost>(
            ["--Infra", "embedded", "--LocalInfra:DataDirectory", data.Path, .. arguments], Cancellation);
        return builder.Resources.Single(resource => resource.Name == "web").Annotations.OfType<EndpointAnnotation>().Single();
    }
}
