namespace BujjiCoder.AppHost.Infrastructure;

internal static class WebApp
{
    /// <summary>
    /// The React app on the Vite dev server, started through npm. Dependencies are installed once
    /// (again only when package-lock.json changes); Vite proxies /api to the Api it finds through
    /// service discovery (<c>services__api__http__0</c>).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddWebApp(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> api)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "BujjiCoder.Web"));
        var port = LocalServers.FreePort();

        var web = builder.AddExecutable(name, "npm", directory, "run", "dev")
            .WithHttpEndpoint(port: port, isProxied: false, env: "PORT")
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("BROWSER", "none")
            .WithReference(api)
            .WaitFor(api)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/");

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
