using System.Globalization;
using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.EndToEndTests.Hosting;

/// <summary>
/// Debian's nginx as a foreground child of the test run (not the system service), serving the web build with
/// <c>deploy/nginx/web.conf</c>, the server block production uses, filled in as envsubst would fill it.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";

    private readonly TemporaryDirectory _prefix;
    private readonly ServerProcess _process;

    private NginxServer(TemporaryDirectory prefix, ServerProcess process, Uri baseUrl)
    {
        _prefix = prefix;
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public string Output => _process.Output;

    /// <summary>Starts nginx and waits until it serves the page and, unless <paramref name="apiExpected"/> is false, the Api through it.</summary>
    public static async Task<NginxServer> StartAsync(string webRoot, Uri api, bool apiExpected = true)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("The end-to-end tests need nginx: apt-get install -y nginx (./test.sh installs it when run as root).");
        }

        var prefix = TemporaryDirectory.Create("bujji-nginx");
        var port = LocalServers.FreePort();
        var serverBlock = Path.Combine(prefix.Path, "web.conf");
        await File.WriteAllTextAsync(serverBlock, RenderServerBlock(new Dictionary<string, string>
        {
            ["BUJJI_WEB_LISTEN"] = $"127.0.0.1:{port}",
            ["BUJJI_WEB_ROOT"] = webRoot,
            ["BUJJI_API_UPSTREAM"] = $"{api.Host}:{api.Port}",
            ["BUJJI_API_SCHEME"] = "http",
            ["BUJJI_API_HOST"] = "$host",
            // No error tracking in these tests: connect-src stays 'self'.
            ["BUJJI_WEB_ERROR_TRACKING_ORIGIN"] = "",
        }));
        var mainConfig = Path.Combine(prefix.Path, "nginx.conf");
        await File.WriteAllTextAsync(mainConfig, MainConfig(serverBlock));

        // -e: errors to stderr from the first line on (before the config names a log, nginx would open /var/log).
        var process = ServerProcess.Start(Executable, ["-p", prefix.Path + "/", "-e", "stderr", "-c", mainConfig]);
        var server = new NginxServer(prefix, process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        await process.WaitUntilReadyAsync(async () =>
            (await client.GetAsync("/")).IsSuccessStatusCode && (!apiExpected || (await client.GetAsync("/health/ready")).IsSuccessStatusCode),
            TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>The shipped template with its placeholders replaced, failing if it names one the tests do not fill.</summary>
    internal static string RenderServerBlock(IReadOnlyDictionary<string, string> values)
    {
        var template = File.ReadAllText(Path.Combine(SolutionPaths.Root, "deploy", "nginx", "web.conf"));
        var rendered = values.Aggregate(template, (text, value) => text.Replace("${" + value.Key + "}", value.Value, StringComparison.Ordinal));
        var leftover = rendered.IndexOf("${", StringComparison.Ordinal);
        return leftover < 0
            ? rendered
            : throw new InvalidOperationException($"deploy/nginx/web.conf has a placeholder the tests do not fill: {rendered[leftover..].Split('\n')[0]}");
    }

    // What the web image's nginx.conf provides around the server block: MIME types, and paths inside the prefix.
    // Started by root (as CI is), nginx's workers would drop to 'nobody', who cannot read a checkout that sits under a
    // private directory (mktemp -d makes them 0700); this test-only server on loopback keeps the caller's user instead.
    private static string MainConfig(string serverBlock) => string.Create(CultureInfo.InvariantCulture, $$"""
        {{(Environment.UserName == "root" ? "user root root;" : "")}}
        daemon off;
        worker_processes 1;
        pid nginx.pid;
        error_log stderr warn;
        events { worker_connections 512; }
        http {
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            sendfile on;
            client_body_temp_path client_body_temp;
            proxy_temp_path proxy_temp;
            fastcgi_temp_path fastcgi_temp;
            uwsgi_temp_path uwsgi_temp;
            scgi_temp_path scgi_temp;
            include {{serverBlock}};
        }
        """);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _prefix.Dispose();
    }
}
