using System.Diagnostics;
using OpenTelemetry;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Scrubs every finished span before any exporter sees it: its name, string tags (<c>url.full</c>, <c>url.query</c>,
/// <c>db.query.text</c>, anything a library or a test adds) and status description. Registered ahead of the exporters.
/// Events are immutable once added; recorded exceptions are scrubbed as they are recorded
/// (<see cref="SecretScrubbingExceptionRecorder"/>).
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
