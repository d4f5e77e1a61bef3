using System.Diagnostics;
using OpenTelemetry;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Scrubs every finished span before any exporter sees it: its name, string tags (<c>url.full</c>, <c>url.query</c>,
/// <c>db.query.text</c>, anything a library or a test adds) and status description. Registered ahead of the exporters.
/// Events are immutable once added; recorded exceptions are scrubbed as they are recorded
/// (<see cref="SecretScrubbingExceptionRecorder"/>).
/// </summary>
/// <remarks>
/// It runs for every span, a database command's included, so it must stay cheap: tags are read without allocating, and
/// the scrubber passes text holding none of the words a credential comes with (parameterised SQL, host names) without
/// running its regex.
/// </remarks>
internal sealed class SecretScrubbingActivityProcessor(SecretScrubber scrubber) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, string>>? changed = null;
        foreach (ref readonly var tag in data.EnumerateTagObjects())
        {
            if (tag.Value is string text && scrubber.TryScrub(text, out var scrubbed))
            {
                (changed ??= []).Add(new(tag.Key, scrubbed));
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
