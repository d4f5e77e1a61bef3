using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Span events cannot be changed once added, so exceptions recorded on a span (<c>Activity.AddException</c>, which
/// instrumentations use) get their <c>exception.message</c> and <c>exception.stacktrace</c> scrubbed as they are
/// recorded: an activity listener's exception recorder supplies the scrubbed tags, and the runtime then leaves out its
/// own unscrubbed ones. Runs while the host runs.
/// </summary>
internal sealed class SecretScrubbingExceptionRecorder(SecretScrubber scrubber) : IHostedService, IDisposable
{
    private const string MessageTag = "exception.message";
    private const string StackTraceTag = "exception.stacktrace";
    private const string TypeTag = "exception.type";

    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            ExceptionRecorder = Record,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private void Record(Activity activity, Exception exception, ref TagList tags)
    {
        foreach (var (key, _) in tags)
        {
            if (key == MessageTag)
            {
                // Another host's recorder in this process (tests) or the caller already supplied it.
                return;
            }
        }

        tags.Add(TypeTag, exception.GetType().FullName);
        tags.Add(MessageTag, scrubber.Scrub(exception.Message));
        tags.Add(StackTraceTag, scrubber.Scrub(exception.ToString()));
    }
}
