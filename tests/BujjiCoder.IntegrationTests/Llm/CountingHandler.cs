using BujjiCoder.Api.Llm;

namespace BujjiCoder.IntegrationTests.Llm;

/// <summary>Stands in for the outbound-rules handler: proves the SDKs send through the HttpClient they are given.</summary>
internal sealed class CountingHandler() : DelegatingHandler(LlmHttpHandler.Create())
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
