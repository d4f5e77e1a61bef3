using System.Net;
using System.Text.RegularExpressions;

namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The web image as the browser meets it: deploy/nginx/web.conf rendered by the image's entrypoint, in front of a real
/// Api. (The end-to-end tests cover web.conf's every rule on the host's nginx; these prove the image ships it intact.)
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed partial class WebImageTests(RunningImages stack) : IDisposable
{
    // No automatic decompression: the test sees Content-Encoding as the browser would receive it.
    private readonly HttpClient _client = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        BaseAddress = stack.WebUrl,
    };

    [Fact]
    public async Task Index_html_is_served_with_no_cache_and_the_content_security_policy()
    {
        using var response = await _client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(' ', response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Hashed_assets_are_immutable_and_sent_gzipped()
    {
        var index = await _client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var script = ScriptOf().Match(index);
        Assert.True(script.Success, "index.html names no /assets/*.js bundle:\n" + index);

        using var request = new HttpRequestMessage(HttpMethod.Get, script.Value);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Client_routes_fall_back_to_the_app_and_missing_assets_do_not()
    {
        var index = await _client.GetStringAsync("/", TestContext.Current.CancellationToken);

        using var route = await _client.GetAsync("/workspaces/x", TestContext.Current.CancellationToken);
        using var missing = await _client.GetAsync("/assets/missing-0000.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal(index, await route.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Api_paths_are_proxied_to_the_api()
    {
        using var info = await _client.GetAsync("/api/v1/info", TestContext.Current.CancellationToken);
        var ready = await _client.GetStringAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal("application/json", info.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"database\":\"Healthy\"", ready.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comma_list_of_api_replicas_becomes_one_upstream_server_each()
    {
        var rendered = await stack.ExecAsync(stack.Web, "cat", "/etc/nginx/conf.d/web.conf");

        Assert.Contains($"server {stack.Api}:8080; server {stack.Api}-alias:8080;", rendered.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("${", rendered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nginx_reloads_as_its_own_unprivileged_user()
    {
        var reload = await stack.ExecAsync(stack.Web, "nginx", "-s", "reload");

        Assert.True(reload.Succeeded, reload.Error);
        await stack.WaitUntilProbeSucceedsAsync(stack.Web);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_browsers_address_is_the_client_address()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/health/live?{marker}");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("203.0.113.7", await ClientAddressLoggedForAsync(marker));
    }

    [Fact]
    public async Task From_anywhere_else_a_claimed_forwarded_address_is_ignored()
    {
        // The Api's container is on the same network but not a trusted proxy: it sends the same claim itself.
        var marker = Guid.NewGuid().ToString("N");
        var sent = await stack.ExecAsync(stack.Api, "bash", "-c",
            $"exec 3<>/dev/tcp/{stack.Web}/8080; printf 'GET /health/live?{marker} HTTP/1.1\\r\\nHost: web\\r\\n" +
            "X-Forwarded-For: 203.0.113.7\\r\\nConnection: close\\r\\n\\r\\n' >&3; head -n 1 <&3");
        var apiAddress = await Docker.InspectAsync(stack.Api, $"{{{{(index .NetworkSettings.Networks \"{stack.Network}\").IPAddress}}}}");

        Assert.StartsWith("HTTP/1.1 200", sent.Output, StringComparison.Ordinal);
        Assert.Equal(apiAddress, await ClientAddressLoggedForAsync(marker));
    }

    public void Dispose() => _client.Dispose();

    // The access log's first field is $remote_addr, the address nginx appends to X-Forwarded-For for the Api.
    private async Task<string> ClientAddressLoggedForAsync(string marker)
    {
        for (var attempt = 0; ; attempt++)
        {
            var log = await Docker.TryRunAsync("logs", stack.Web);
            var line = (log.Output + log.Error).Split('\n').SingleOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null || attempt == 20)
            {
                Assert.NotNull(line);
                return line.Split(' ')[0];
            }

            // nginx writes the line as the response ends; docker's log may lag a moment behind.
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex("/assets/[^\"]+\\.js")]
    private static partial Regex ScriptOf();
}
