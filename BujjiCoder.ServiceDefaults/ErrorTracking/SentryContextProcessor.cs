using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Sentry;
using Sentry.Extensibility;

namespace BujjiCoder.ServiceDefaults.ErrorTracking;

/// <summary>
/// Adds what Sentry does not know by itself: the OpenTelemetry trace the event happened in (so an event leads to its
/// trace, and the <c>traceId</c> of the problem details a user reports leads to the event) and the signed-in user's id —
/// the <c>sub</c> claim only, never a name, email or address. Runs as the event is captured, on the failing request's flow.
/// </summary>
internal sealed class SentryContextProcessor(IHttpContextAccessor http) : ISentryEventProcessor
{
    // Access tokens keep their claims as issued (MapInboundClaims is off); other schemes may map sub to NameIdentifier.
    private const string SubjectClaim = "sub";

    public SentryEvent? Process(SentryEvent @event)
    {
        if (Activity.Current is { } activity && activity.TraceId != default)
        {
            @event.Contexts.Trace.TraceId = SentryId.Parse(activity.TraceId.ToHexString());
            @event.Contexts.Trace.SpanId = SpanId.Parse(activity.SpanId.ToHexString());
            @event.SetTag("trace_id", activity.TraceId.ToHexString());
        }

        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated == true
            && (user.FindFirst(SubjectClaim) ?? user.FindFirst(ClaimTypes.NameIdentifier))?.Value is { Length: > 0 } id)
        {
            @event.User = new SentryUser { Id = id };
        }

        return @event;
    }
}
