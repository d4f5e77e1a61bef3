using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace BujjiCoder.AppHost.Infrastructure;

internal static class WebApp
{
    /// <summary>
    /// The AppHost setting for the Vite dev server's port. Fixed rather than picked afresh each run, so the URL
    /// <c>./run.sh</c> prints, bookmarks and open tabs (with hot reload) stay valid across restarts.
    /// </summary>
    public const string PortSetting = "WebApp:Port";

    public const int DefaultPort = 5173;

    /// <summary>
    /// The React app on the Vite dev server, started through npm. Dependencies are installed once
    /// (again only when package-lock.json changes); Vite proxies /api to the Api it finds through
    /// service discovery (<c>services__api__http__0</c>).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddWebApp(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> api)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "BujjiCoder.Web"));
        var port = builder.Configuration.GetValue(PortSetting, DefaultPort);
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"{PortSetting} must be a TCP port number (1-65535); got {port}.");
        }

        var web = builder.AddExecutable(name, "npm", directory, "run", "dev")
            .WithHttpEndpoint(port: port, isProxied: false, env: "PORT")
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("BROWSER", "none")
            .WithReference(api)
            .WaitFor(api)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/")
            .WithUrlPrintedWhenReady("Web app");

        // Checked before anything starts: Vite (strictPort) would otherwise fail alone, minutes later, in a log few people open.
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            EnsurePortIsFree(port);
            return Task.CompletedTask;
        });

        if (NeedsInstall(directory))
        {
            var install = builder.AddExecutable($"{name}-install", "npm", directory, "ci", "--no-audit", "--no-fund");
            web.WaitForCompletion(install);
        }

        return web;
    }

    private static void EnsurePortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new DistributedApplicationException(
                $"Port {port} for the web app is already in use (another ./run.sh or Vite?). Stop that, or choose another port with the AppHost setting {PortSetting}, e.g. ./run.sh --{PortSetting} {port + 1}");
        }
    }

    /// <summary>npm records what it installed in node_modules/.package-lock.json; install when that is missing or older than the lock file.</summary>
    private static bool NeedsInstall(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        var wanted = new FileInfo(Path.Combine(directory, "package-lock.json"));
        return !installed.Exists || installed.LastWriteTimeUtc < wanted.LastWriteTimeUtc;
    }
}
