using System.Net;
using System.Net.Sockets;
using System.Text;
using BujjiCoder.Api.Llm;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>
/// The handler's connect-time check against a real listener on loopback: a refused request must not even open a TCP
/// connection, and an allowed one must reach the listener.
/// </summary>
public sealed class OutboundHandlerConnectTests : IDisposable
{
    // A public-looking name whose (fake) DNS answer is loopback: passes TryValidate, must be stopped at connect time.
    private const string RebindingHost = "llm.rebinding.example";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public OutboundHandlerConnectTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _listener.Dispose();

    private static OutboundAddressPolicy Policy(OutboundPolicyOptions options, params IPAddress[] answer) =>
        new(options, (_, _) => Task.FromResult(answer));

    [Fact]
    public async Task Loopback_literal_is_refused_without_connecting()
    {
        var policy = Policy(new OutboundPolicyOptions(), IPAddress.Loopback);

        var exception = await SendAsync(policy, $"http://127.0.0.1:{Port}/v1/models");

        Assert.Contains("refused by the LLM address policy", Messages(exception), StringComparison.Ordinal);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task Name_resolving_to_loopback_passes_validation_but_is_refused_at_connect()
    {
        var policy = Policy(new OutboundPolicyOptions(), IPAddress.Loopback);
        var url = $"http://{RebindingHost}:{Port}/v1/models";
        Assert.True(policy.TryValidate(url, out _, out var error), error);

        var exception = await SendAsync(policy, url);

        Assert.Contains("refused by the LLM address policy", Messages(exception), StringComparison.Ordinal);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task Any_internal_address_in_the_answer_refuses_the_connection()
    {
        var policy = Policy(new OutboundPolicyOptions(), IPAddress.Parse("8.8.8.8"), IPAddress.Loopback);

        var exception = await SendAsync(policy, $"http://{RebindingHost}:{Port}/");

        Assert.Contains("refused by the LLM address policy", Messages(exception), StringComparison.Ordinal);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task Metadata_answer_is_refused_even_with_private_networks_allowed()
    {
        var policy = Policy(new OutboundPolicyOptions { AllowPrivateNetworks = true }, IPAddress.Parse("169.254.169.254"));

        var exception = await SendAsync(policy, $"http://{RebindingHost}:{Port}/");

        Assert.Contains("metadata", Messages(exception), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_networks_allowed_reaches_the_listener()
    {
        var policy = Policy(new OutboundPolicyOptions { AllowPrivateNetworks = true }, IPAddress.Loopback);

        var status = await SendAndServeAsync(policy, $"http://{RebindingHost}:{Port}/v1/models");

        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    [Fact]
    public async Task Localhost_is_refused_by_default_and_reached_through_real_dns_when_listed()
    {
        var url = $"http://localhost:{Port}/v1/models";
        var refusing = new OutboundAddressPolicy(new OutboundPolicyOptions());
        var listing = new OutboundAddressPolicy(new OutboundPolicyOptions { AllowedHosts = ["localhost"] });

        await SendAsync(refusing, url);
        Assert.False(_listener.Pending());

        Assert.Equal(HttpStatusCode.NoContent, await SendAndServeAsync(listing, url));
    }

    [Fact]
    public async Task Redirects_to_internal_addresses_are_not_followed()
    {
        var policy = Policy(new OutboundPolicyOptions { AllowPrivateNetworks = true }, IPAddress.Loopback);

        var status = await SendAndServeAsync(
            policy,
            $"http://{RebindingHost}:{Port}/",
            "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        Assert.Equal(HttpStatusCode.Found, status);
    }

    private static async Task<HttpRequestException> SendAsync(OutboundAddressPolicy policy, string url)
    {
        using var client = new HttpClient(policy.CreateHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        return await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(url), Cancellation));
    }

    private async Task<HttpStatusCode> SendAndServeAsync(
        OutboundAddressPolicy policy,
        string url,
        string response = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
    {
        var serve = ServeOnceAsync(response);
        using var client = new HttpClient(policy.CreateHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        using var reply = await client.GetAsync(new Uri(url), Cancellation);
        await serve;
        return reply.StatusCode;
    }

    private async Task ServeOnceAsync(string response)
    {
        using var connection = await _listener.AcceptTcpClientAsync(Cancellation);
        var stream = connection.GetStream();
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, Cancellation);
            if (read == 0)
                break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), Cancellation);
    }

    private static string Messages(Exception exception)
    {
        var messages = new StringBuilder();
        for (Exception? current = exception; current is not null; current = current.InnerException)
            messages.AppendLine(current.Message);
        return messages.ToString();
    }
}
