namespace BujjiCoder.IntegrationTests.Security;

/// <summary>One response the client saw: the request line, the status, and the body when it is text.</summary>
internal sealed record RecordedResponse(HttpMethod Method, string Path, int Status, string? MediaType, string Body)
{
    public override string ToString() => $"{Method} {Path} → {Status}";
}

/// <summary>
/// Keeps every text response that passes through a client (JSON, problem details, plain text), so a test can scan
/// all of them afterwards — not only the ones it thought to look at.
/// </summary>
internal sealed class ResponseRecorder : DelegatingHandler
{
    private readonly List<RecordedResponse> _responses = [];

    public IReadOnlyList<RecordedResponse> Responses
    {
        get
        {
            lock (_responses)
            {
                return [.. _responses];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType.Contains("json", StringComparison.Ordinal) || mediaType.StartsWith("text/", StringComparison.Ordinal)))
        {
            // Buffered, so the test can still read the body after us.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (_responses)
            {
                _responses.Add(new RecordedResponse(request.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, mediaType, body));
            }
        }

        return response;
    }
}
