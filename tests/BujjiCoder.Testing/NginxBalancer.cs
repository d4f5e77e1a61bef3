using System.Globalization;
using System.Text.RegularExpressions;
using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.Testing;

/// <summary>
/// Debian's nginx as a foreground child of the test run (not the system service) serving <c>deploy/nginx/web.conf</c>,
/// the production front door's server block, in front of one or more Api replicas: the placeholders are filled as the
/// web image's entrypoint fills them, so several replicas become one <c>upstream</c> balanced round-robin, as shipped.
/// Sized for load runs (thousands of held event streams), which the end-to-end tests' single browser never notices.
/// </summary>
public sealed partial class NginxBalancer : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";

    // Each proxied stream holds two descriptors (browser side and Api side): 1,000+ held chat streams need well over
    // the 1,024 a process gets by default, and the worker's connection table must hold both sides too.
    private const int WorkerConnections = 8192;
    private const int OpenFiles = 16384;

    private readonly TemporaryDirectory _prefix;
    private readonly ServerProcess _process;

    private NginxBalancer(TemporaryDirectory prefix, ServerProcess process, Uri baseUrl)
    {
        _prefix = prefix;
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The front door's root, e.g. <c>http://127.0.0.1:41234/</c>; the Api is under it at <c>/api/</c> and <c>/health/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>nginx's own log (warnings and errors; no access log), for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>The nginx master's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts nginx in front of <paramref name="apis"/> and waits until it serves the page and, unless
    /// <paramref name="apiExpected"/> is false, the Api's readiness through it.
    /// </summary>
    /// <param name="apis">The Api replicas (scheme http, host and port are used).</param>
    /// <param name="webRoot">The web build to serve; null serves a one-line page (load runs need only the Api's paths).</param>
    /// <param name="apiExpected">False when no Api is meant to answer (a test of the proxy's own gateway error).</param>
    /// <param name="serverParameters">nginx <c>server</c> parameters for every replica, e.g. <c>max_fails=1 fail_timeout=5s</c>
    /// (the entrypoint allows them per entry); null keeps nginx's defaults, as production does.</param>
    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<Uri> apis, string? webRoot = null, bool apiExpected = true, string? serverParameters = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("The balancer needs nginx: apt-get install -y nginx (./test.sh installs it when run as root).");
        }

        ArgumentOutOfRangeException.ThrowIfZero(apis.Count);
        var prefix = TemporaryDirectory.Create("bujji-nginx");
        try
        {
            if (webRoot is null)
            {
                webRoot = Path.Combine(prefix.Path, "www");
                Directory.CreateDirectory(webRoot);
                await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>Bujji Coder</title>\n");
            }

            var port = LocalServers.FreePort();
            var serverBlock = Path.Combine(prefix.Path, "web.conf");
            await File.WriteAllTextAsync(serverBlock, RenderServerBlock(new Dictionary<string, string>
            {
                ["BUJJI_WEB_LISTEN"] = $"127.0.0.1:{port}",
                ["BUJJI_WEB_ROOT"] = webRoot,
                ["BUJJI_API_UPSTREAM"] = UpstreamServers(apis.Select(api => $"{api.Host}:{api.Port}{(serverParameters is null ? "" : " " + serverParameters)}")),
                ["BUJJI_API_SCHEME"] = "http",
                ["BUJJI_API_HOST"] = "$host",
                // No error tracking here: connect-src stays 'self'.
                ["BUJJI_WEB_ERROR_TRACKING_ORIGIN"] = "",
            }));
            var mainConfig = Path.Combine(prefix.Path, "nginx.conf");
            await File.WriteAllTextAsync(mainConfig, MainConfig(serverBlock));

            // -e: errors to stderr from the first line on (before the config names a log, nginx would open /var/log).
            var process = ServerProcess.Start(Executable, ["-p", prefix.Path + "/", "-e", "stderr", "-c", mainConfig]);
            var balancer = new NginxBalancer(prefix, process, new Uri($"http://127.0.0.1:{port}/"));
            using var client = new HttpClient { BaseAddress = balancer.BaseUrl };
            try
            {
                await process.WaitUntilReadyAsync(async () =>
                    (await client.GetAsync("/")).IsSuccessStatusCode && (!apiExpected || (await client.GetAsync("/health/ready")).IsSuccessStatusCode),
                    TimeSpan.FromSeconds(30));
            }
            catch
            {
                await balancer.DisposeAsync();
                throw;
            }

            return balancer;
        }
        catch
        {
            // Removed twice when the balancer was already disposed above: harmless (a missing directory is ignored).
            prefix.Dispose();
            throw;
        }
    }

    /// <summary>The shipped template with its placeholders replaced, failing if it names one the caller does not fill.</summary>
    public static string RenderServerBlock(IReadOnlyDictionary<string, string> values)
    {
        var template = File.ReadAllText(Path.Combine(SolutionPaths.Root, "deploy", "nginx", "web.conf"));
        var rendered = values.Aggregate(template, (text, value) => text.Replace("${" + value.Key + "}", value.Value, StringComparison.Ordinal));
        var leftover = rendered.IndexOf("${", StringComparison.Ordinal);
        return leftover < 0
            ? rendered
            : throw new InvalidOperationException($"deploy/nginx/web.conf has a placeholder the tests do not fill: {rendered[leftover..].Split('\n')[0]}");
    }

    /// <summary>
    /// BUJJI_API_UPSTREAM for several replicas, written as deploy/images/web/entrypoint.sh writes it from a comma list
    /// (<c>sed 's/[[:space:]]*,[[:space:]]*/; server /g'</c>): the template's one <c>server</c> line becomes one per replica.
    /// </summary>
    public static string UpstreamServers(IEnumerable<string> entries) => CommaList().Replace(string.Join(", ", entries), "; server ");

    [GeneratedRegex(@"\s*,\s*")]
    private static partial Regex CommaList();

    // What the web image's nginx.conf provides around the server block: MIME types, and paths inside the prefix.
    // Started by root (as CI is), nginx's workers would drop to 'nobody', who cannot read a checkout that sits under a
    // private directory (mktemp -d makes them 0700); this test-only server on loopback keeps the caller's user instead.
    // One worker: on a small shared machine a second would only compete with the Api replicas it fronts.
    private static string MainConfig(string serverBlock) => string.Create(CultureInfo.InvariantCulture, $$"""
        {{(Environment.UserName == "root" ? "user root root;" : "")}}
        daemon off;
        worker_processes 1;
        worker_rlimit_nofile {{OpenFiles}};
        pid nginx.pid;
        error_log stderr warn;
        events { worker_connections {{WorkerConnections}}; }
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
