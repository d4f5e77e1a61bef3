namespace BujjiCoder.Api.Http;

/// <summary>
/// What a route says about itself in the OpenAPI document beyond its handler's signature: headers it reads or sets, its
/// problem responses, an event-stream alternative, a body it reads itself. The document's transformers (Hosting) turn
/// this metadata into the contract the web app's types are generated from.
/// </summary>
internal static class RouteDocumentation
{
    /// <summary>Documents a request header the handler reads itself (If-Match, If-None-Match).</summary>
    public static RouteHandlerBuilder WithRequestHeader(this RouteHandlerBuilder builder, string name, string description) =>
        builder.WithMetadata(new RequestHeaderMetadata(name, description));

    /// <summary>One <c>application/problem+json</c> response per status.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            builder.ProducesProblem(statusCode);
        }

        return builder;
    }

    /// <summary>Documents a response header (ETag, Location, Retry-After) that the handler sets itself.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int statusCode, string name, string description) =>
        builder.WithMetadata(new ResponseHeaderMetadata(statusCode, name, description));

    /// <summary>
    /// Documents that the 200 response is also available as Server-Sent Events (on <c>Accept: text/event-stream</c>), each
    /// event's data one of <paramref name="events"/> (published as component schemas, so clients get their types). The
    /// framework keeps one content per status when <c>Produces</c> is called twice with the same status.
    /// </summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder, string description, params Type[] events) =>
        builder.WithMetadata(new EventStreamMetadata(description, events));

    /// <summary>
    /// Documents a body the handler reads itself (a raw file, a multipart upload). Unlike <c>Accepts</c>, it does not take
    /// part in routing, which would answer other content types with the router's bare 415 before the handler could explain.
    /// </summary>
    public static RouteHandlerBuilder WithDocumentedBody(this RouteHandlerBuilder builder, DocumentedBody body) => builder.WithMetadata(body);
}

/// <summary>An optional request header the document should list as a parameter.</summary>
internal sealed record RequestHeaderMetadata(string Name, string Description);

/// <summary>The 200 response's <c>text/event-stream</c> alternative and what its events carry.</summary>
internal sealed record EventStreamMetadata(string Description, Type[] Events);

/// <summary>A response header the document should show on <see cref="StatusCode"/>.</summary>
internal sealed record ResponseHeaderMetadata(int StatusCode, string Name, string Description);

/// <summary>A request body read by the handler rather than bound: raw bytes, or multipart with a file field.</summary>
internal sealed record DocumentedBody(string[] ContentTypes, string? FileField, string Description)
{
    public static DocumentedBody Raw(string description, params string[] contentTypes) => new(contentTypes, null, description);

    public static DocumentedBody Multipart(string fileField, string description) => new(["multipart/form-data"], fileField, description);
}
