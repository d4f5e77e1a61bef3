namespace BujjiCoder.AppHost.Infrastructure;

internal static class WebApp
{
    /// <summary>
    /// The Vite dev server's port: fixed rather than picked afresh each run, so the URL <c>./run.sh</c> prints,
    /// bookmarks and open tabs (with hot reload) stay valid across restarts. The AppHost setting <c>WebApp:Port</c> changes it.
    /// </summary>
    private const int DefaultPort = 5173;

    /// <summary>What the web image's nginx listens on inside its container (non-root, so above 1024).</summary>
    private const int ContainerPort = 8080;

    /// <summary>The React app: on the Vite dev server when running, as the nginx image of the production build when publishing.</summary>
    public static void AddWebApp(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> api)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            builder.AddWebContainer(name, api);
        }
        else
        {
            builder.AddViteDevServer(name, api);
        }
    }

    /// <summary>
    /// The image deploy/images/web.Dockerfile builds (context: the repository root): nginx serving the production build
    /// and passing /api to the Api, configured through the variables of deploy/nginx/web.conf.
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddWebContainer(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> api) =>
        builder.AddDockerfile(name, "..", "deploy/images/web.Dockerfile")
            .WithHttpEndpoint(targetPort: ContainerPort, env: "BUJJI_WEB_LISTEN")
            .WithEnvironment("BUJJI_API_UPSTREAM", ReferenceExpression.Create($"{api.GetEndpoint("http").Property(EndpointProperty.HostAndPort)}"))
            .WithExternalHttpEndpoints()
            .WaitFor(api);

    /// <summary>
    /// The React app on the Vite dev server, started through npm. Dependencies are installed once
    /// (again only when package-lock.json changes); Vite proxies /api to the Api it finds through
    /// service discovery (<c>services__api__http__0</c>).
    /// </summary>
    private static IResourceBuilder<ExecutableResource> AddViteDevServer(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> api)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "BujjiCoder.Web"));
        var web = builder.AddExecutable(name, "npm", directory, "run", "dev")
            .WithHttpEndpoint(port: DefaultPort, isProxied: false, env: "PORT")
            .WithPortSetting("WebApp:Port")
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("BROWSER", "none")
            .WithReference(api)
            .WaitFor(api)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/")
            .WithUrlPrintedWhenReady("Web app");

        if (NeedsInstall(directory))
        {
            var install = builder.AddExecutable($"{name}-install", "npm", directory, "ci", "--no-audit", "--no-fund");
            web.WaitForCompletion(install);
        }

        return web;
    }

    /// <summary>npm records what it installed in node_modules/.package-lock.json; install when that is missing or older than the lock file.</summary>
    private static bool NeedsInstall(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        var wanted = new FileInfo(Path.Combine(directory, "package-lock.json"));
        return !installed.Exists || installed.LastWriteTimeUtc < wanted.LastWriteTimeUtc;
    }
}
