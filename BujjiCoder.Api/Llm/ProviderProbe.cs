using System.Diagnostics;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// A cheap reachability check of a provider: one GET of its base URL without a key. Any HTTP answer (401 and 404
/// included) proves the provider's servers are there and how fast they answer; it costs no tokens and sends no secret.
/// Whether calls succeed is what the breaker and the last failure tell.
/// </summary>
internal sealed class ProviderProbe : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // Its own client: the shared defaults retry, and a probe must report the first failure, fast.
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = Timeout }) { Timeout = Timeout };

    public async Task<ProviderProbeResult> ProbeAsync(LlmProviderOptions provider, CancellationToken cancellationToken)
    {
        if (BaseUrl(provider) is not { } url)
        {
            return new ProviderProbeResult(false, null, 0, "No endpoint configured.");
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new ProviderProbeResult(true, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds, null);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = failure is TaskCanceledException ? "Timed out." : $"Unreachable ({(failure as HttpRequestException)?.HttpRequestError}).";
            return new ProviderProbeResult(false, null, clock.Elapsed.TotalMilliseconds, error);
        }
    }

    private static Uri? BaseUrl(LlmProviderOptions provider) => provider.Endpoint ?? provider.Kind switch
    {
        LlmProviderKind.OpenAI => new Uri("https://api.openai.com/v1/"),
        LlmProviderKind.Anthropic => new Uri("https://api.anthropic.com/"),
        _ => null,
    };

    public void Dispose() => _http.Dispose();
}
