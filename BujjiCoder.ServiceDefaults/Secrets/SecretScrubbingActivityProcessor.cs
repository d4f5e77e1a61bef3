using System.Diagnostics;
using OpenTelemetry;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Scrubs every finished span before any exporter sees it: its name, string tags, event tags (<c>url.full</c>, <c>url.query</c>,
/// <c>db.query.text</c>, anything a library or a test adds) and status description. Registered ahead of the exporters.
/// </summary>
internal sealed class SecretScrubbingActivityProcessor(SecretScrubber scrubber) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && scrubber.TryScrub(text, out var scrubbed))
            {
                (changed ??= []).Add(new(key, scrubbed));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        // Events (exception.message, exception.stacktrace) keep their tags in a mutable collection.
        foreach (var activityEvent in data.Events)
        {
            if (activityEvent.Tags is ActivityTagsCollection tags)
            {
                foreach (var (key, value) in tags.ToArray())
                {
                    if (value is string text && scrubber.TryScrub(text, out var scrubbed))
                    {
                        tags[key] = scrubbed;
                    }
                }
            }
        }

        if (scrubber.TryScrub(data.DisplayName, out var name))
        {
            data.DisplayName = name;
        }

        if (scrubber.TryScrub(data.StatusDescription, out var description))
        {
            data.SetStatus(data.Status, description);
        }
    }
}
