using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace BujjiCoder.AppHost.Infrastructure;

internal static class FixedPorts
{
    /// <summary>Set by the Aspire testing builder: DCP moves proxied endpoints to random ports so parallel app models don't clash.</summary>
    private const string RandomizedPortsSetting = "DcpPublisher:RandomizePorts";

    /// <summary>
    /// Takes the port of the resource's <paramref name="endpointName"/> endpoint from the AppHost setting
    /// <paramref name="setting"/> when it is set, and checks before anything starts that the port is free. A taken port
    /// would otherwise show late and obscurely: Vite exits on its own, and DCP's proxy for a project fails quietly
    /// while the browser reaches whatever else holds the port.
    /// </summary>
    public static IResourceBuilder<T> WithPortSetting<T>(this IResourceBuilder<T> resource, string setting, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        var builder = resource.ApplicationBuilder;
        if (builder.Configuration[setting] is { Length: > 0 } configured)
        {
            var port = int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= IPEndPoint.MaxPort
                ? parsed
                : throw new InvalidOperationException($"{setting} must be a TCP port number (1-65535); got '{configured}'.");
            resource.WithEndpoint(endpointName, endpoint => endpoint.Port = port);
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            var endpoint = resource.Resource.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == endpointName);
            var randomized = endpoint.IsProxied && builder.Configuration.GetValue<bool>(RandomizedPortsSetting);
            if (endpoint.Port is { } port && !randomized && !IsFree(port))
            {
                throw new StartRefusedException(
                    $"Port {port} for {resource.Resource.Name} is already in use (another ./run.sh?). Stop that, or choose another port with the AppHost setting {setting}, e.g. ./run.sh --{setting} {port + 1}");
            }

            return Task.CompletedTask;
        });
        return resource;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }
}
