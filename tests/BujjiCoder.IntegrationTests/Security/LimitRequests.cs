using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Limit tests send bodies of megabytes and JSON nested 10,000 deep, whose allocations (large-object heap, blocking GCs)
/// stall the whole test process for a moment; run alone, they cannot push a neighbour's 300 ms timeout over.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RequestLimitCollection
{
    public const string Name = "request limits (run alone)";
}

/// <summary>Request helpers for limit tests: raw bodies, chunked bodies, problem details.</summary>
internal static class LimitRequests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Gives <paramref name="request"/> a JSON body, with a Content-Length or (chunked) without one.</summary>
    public static HttpRequestMessage WithJson(this HttpRequestMessage request, string json, bool chunked = false, bool expectContinue = false) =>
        request.WithBody(System.Text.Encoding.UTF8.GetBytes(json), "application/json", chunked, expectContinue);

    public static HttpRequestMessage WithBody(this HttpRequestMessage request, byte[] bytes, string mediaType, bool chunked = false, bool expectContinue = false)
    {
        request.Content = chunked ? new UnknownLengthContent(bytes) : new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }

        return request;
    }

    public static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, Cancellation);
            var text = await response.Content.ReadAsStringAsync(Cancellation);
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    public static async Task<JsonElement> JsonOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        }
    }

    /// <summary>A body without Content-Length: HttpClient sends it chunked, so the server can only count it while reading.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
