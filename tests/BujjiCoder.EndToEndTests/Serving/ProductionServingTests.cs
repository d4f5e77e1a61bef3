using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Serving;

/// <summary>deploy/nginx/web.conf as the browser meets it: caching, headers, the SPA fallback and the Api's paths.</summary>
[Collection(JourneyCollection.Name)]
public sealed class ProductionServingTests(EndToEndApp app) : IDisposable
{
    private readonly HttpClient _site = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseUrl };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_routes_get_index_html_revalidated_every_visit_with_a_script_policy_of_self_only()
    {
        using var response = await _site.GetAsync("/workspaces/some-client-route?x=1", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Hashed_bundles_are_cached_for_good_and_sent_gzipped()
    {
        var script = (await AppShell.InitialScriptsAsync(_site))[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await _site.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/assets/", script, StringComparison.Ordinal);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("application/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_missing_bundle_is_404_not_the_app_shell()
    {
        using var response = await _site.GetAsync("/assets/index-gone0000.js", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_Api_is_reached_under_api_and_health_with_its_own_headers()
    {
        using var info = await _site.GetAsync("/api/v1/info", Cancellation);
        using var ready = await _site.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal("application/json", info.Content.Headers.ContentType?.MediaType);
        // The Api's own policy for JSON, not the page's.
        Assert.Equal("default-src 'none'", Assert.Single(info.Headers.GetValues("Content-Security-Policy")).Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Nothing_else_of_the_Api_is_exposed()
    {
        // The OpenAPI document (served by the Api in Development only anyway) is not proxied: the SPA answers.
        using var response = await _site.GetAsync("/openapi/v1.json", Cancellation);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_browsers_address_reaches_the_Api_and_a_spoofed_one_does_not()
    {
        // Quotas and the audit log name the client's address; behind the proxy the Api only knows it from
        // X-Forwarded-For. The client connects from 127.0.0.3, so its address differs from the proxy's own.
        var name = "nobody-" + Guid.NewGuid().ToString("N");
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectFromAsync(IPAddress.Parse("127.0.0.3")) }) { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { userNameOrEmail = name, password = "not the password" }),
        };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var admin = await app.Api().SignInAsync(app.Admin);
        var audit = await admin.SendJsonAsync(HttpMethod.Get, "/api/v1/admin/audit?action=auth.login&outcome=failure&pageSize=200", null, HttpStatusCode.OK);
        var attempt = Assert.Single(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString() == name);
        Assert.Equal("127.0.0.3", attempt.GetProperty("ip").GetString());
    }

    [Fact]
    public async Task With_the_Api_down_the_proxy_answers_a_gateway_error_that_is_not_JSON()
    {
        // The app tells "the Api is unreachable" (a banner that clears itself) from the Api's own problems by this.
        await using var orphan = await NginxBalancer.StartAsync([new Uri($"http://127.0.0.1:{BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort()}")], WebDist.Directory, apiExpected: false);
        using var client = new HttpClient { BaseAddress = orphan.BaseUrl };

        using var response = await client.GetAsync("/api/v1/workspaces", Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_import_limit_is_refused_by_the_proxy_as_problem_details()
    {
        // Announced, not sent: nginx refuses on the Content-Length alone, as it would a real 300 MB upload.
        using var socket = new TcpClient();
        await socket.ConnectAsync(app.BaseUrl.Host, app.BaseUrl.Port, Cancellation);
        var stream = socket.GetStream();
        var head = $"POST /api/v1/workspaces/{Guid.NewGuid()}/import HTTP/1.1\r\nHost: {app.BaseUrl.Authority}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 300000000\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), Cancellation);

        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync(Cancellation);

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"status\":413", answer, StringComparison.Ordinal);
    }

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectFromAsync(IPAddress local) => async (context, cancellationToken) =>
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    public void Dispose() => _site.Dispose();
}
