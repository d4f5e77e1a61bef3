using BujjiCoder.ServiceDefaults.Secrets;
using Sentry;

namespace BujjiCoder.ServiceDefaults.ErrorTracking;

/// <summary>
/// The last look at an event before it leaves for Sentry, by the rules that keep secrets out of logs
/// (<see cref="SecretScrubber"/>: configured secret values, credentials, tokens, connection-string passwords): message,
/// exception values, tags, extras and request URL, query and headers are scrubbed; Authorization and Cookie headers,
/// cookies, request bodies and environment variables are dropped whole. Breadcrumbs are scrubbed as they are recorded.
/// </summary>
internal sealed class SentryEventScrubber(SecretScrubber scrubber)
{
    private static readonly string[] DroppedHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key"];

    public SentryEvent Scrub(SentryEvent @event)
    {
        if (@event.Message is { } message)
        {
            @event.Message = new SentryMessage
            {
                Message = Scrub(message.Message),
                Formatted = Scrub(message.Formatted),
                Params = message.Params is null ? null : [.. message.Params.Select(p => p is string text ? scrubber.Scrub(text) : p)],
            };
        }

        foreach (var exception in @event.SentryExceptions ?? [])
        {
            exception.Value = Scrub(exception.Value);
            if (exception.Mechanism is { } mechanism)
            {
                mechanism.Description = Scrub(mechanism.Description);
            }
        }

        foreach (var (key, value) in @event.Tags.ToArray())
        {
            if (scrubber.TryScrub(value, out var scrubbed))
            {
                @event.SetTag(key, scrubbed);
            }
        }

        foreach (var (key, value) in @event.Extra.ToArray())
        {
            if (value is string text && scrubber.TryScrub(text, out var scrubbed))
            {
                @event.SetExtra(key, scrubbed);
            }
        }

        ScrubRequest(@event.Request);
        return @event;
    }

    public Breadcrumb Scrub(Breadcrumb breadcrumb) => new(
        scrubber.Scrub(breadcrumb.Message),
        breadcrumb.Type ?? "default",
        breadcrumb.Data?.ToDictionary(pair => pair.Key, pair => scrubber.Scrub(pair.Value)),
        breadcrumb.Category,
        breadcrumb.Level);

    private void ScrubRequest(SentryRequest request)
    {
        request.Url = Scrub(request.Url);
        request.QueryString = Scrub(request.QueryString);
        request.Cookies = null;
        request.Data = null;
        foreach (var name in request.Headers.Keys.ToArray())
        {
            if (DroppedHeaders.Any(dropped => dropped.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.Remove(name);
            }
            else if (scrubber.TryScrub($"{name}: {request.Headers[name]}", out var scrubbed))
            {
                request.Headers[name] = scrubbed[(name.Length + 2)..];
            }
        }

        request.Env.Clear();
    }

    private string? Scrub(string? text) => text is null ? null : scrubber.Scrub(text);
}
