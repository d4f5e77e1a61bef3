using System.Net;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

using BujjiCoder.EndToEndTests.Serving;

namespace BujjiCoder.EndToEndTests.Performance;

/// <summary>The "initial JavaScript ≤ 300 KB gzipped" budget, measured as nginx sends it.</summary>
[Collection(JourneyCollection.Name)]
public sealed class InitialJavaScriptBudget(EndToEndApp app)
{
    private const double TargetKilobytes = 300;

    [Fact]
    public async Task Initial_JavaScript_is_measured_gzipped_as_served()
    {
        using var site = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseUrl };
        var scripts = await AppShell.InitialScriptsAsync(site);
        Assert.NotEmpty(scripts);

        long gzipped = 0, raw = 0;
        foreach (var script in scripts)
        {
            var (compressed, plain) = await SizesAsync(site, script);
            gzipped += compressed;
            raw += plain;
        }

        long css = 0;
        foreach (var sheet in await AppShell.StylesheetsAsync(site))
        {
            css += (await SizesAsync(site, sheet)).Gzipped;
        }

        Budgets.Record("initial JavaScript, gzipped", gzipped / 1024.0, TargetKilobytes, "KB",
            $"{scripts.Count} file(s) index.html loads or preloads, {raw / 1024.0:0} KB before compression; CSS {css / 1024.0:0.#} KB gzipped besides");
    }

    private static async Task<(long Gzipped, long Plain)> SizesAsync(HttpClient site, string path)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await site.SendAsync(request, cancellation);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        if (!response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            // Below gzip_min_length nginx sends it as it is: that is what travels.
            return (body.Length, body.Length);
        }

        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, cancellation);
        return (body.Length, plain.Length);
    }
}
