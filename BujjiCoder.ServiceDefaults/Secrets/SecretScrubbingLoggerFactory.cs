using Microsoft.Extensions.Logging;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>
/// Wraps the process's logger factory so that every logger — ours, the framework's, the libraries' — hands its
/// providers (console, OpenTelemetry, anything a test or an operator adds) text that went through
/// <see cref="SecretScrubber"/>: the message, each state value, scopes and exceptions.
/// </summary>
internal sealed class SecretScrubbingLoggerFactory(ILoggerFactory inner, SecretScrubber scrubber) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new SecretScrubbingLogger(inner.CreateLogger(categoryName), scrubber);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the container (it is registered as a keyed service), which disposes it.
    public void Dispose()
    {
    }
}

internal sealed class SecretScrubbingLogger(ILogger inner, SecretScrubber scrubber) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => state switch
        {
            string text => inner.BeginScope(scrubber.Scrub(text)),
            // Hosting opens a scope for every request, and most scopes end without a line logged in them: they are scrubbed
            // when a provider first reads them, not when they are opened.
            IReadOnlyList<KeyValuePair<string, object?>> pairs => inner.BeginScope(new LazilyScrubbedScope(pairs, scrubber)),
            _ => inner.BeginScope(state),
        };

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var safeException = RedactedException.Scrub(exception, scrubber);
        if (state is LoggerMessageState extended)
        {
            // Source-generated logging with data classification: classified values are redacted further in by the
            // redaction-enabled factory, so only the plain tags are scrubbed here, in place.
            ScrubInPlace(extended.TagArray, extended.TagsCount);
            inner.Log(logLevel, eventId, state, safeException, formatter);
            return;
        }

        var message = formatter(state, exception);
        var scrubbedState = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
            ? ScrubbedState.TryCreate(pairs, message, scrubber)
            : scrubber.TryScrub(message, out var scrubbedMessage) ? new ScrubbedState([], scrubbedMessage) : null;

        if (scrubbedState is null)
        {
            inner.Log(logLevel, eventId, state, safeException, formatter);
        }
        else
        {
            inner.Log(logLevel, eventId, scrubbedState, safeException, static (s, _) => s.ToString());
        }
    }

    private void ScrubInPlace(KeyValuePair<string, object?>[] tags, int count)
    {
        for (var i = 0; i < count && i < tags.Length; i++)
        {
            if (ScrubbedState.Text(tags[i].Value) is { } text && scrubber.TryScrub(text, out var scrubbed))
            {
                tags[i] = new KeyValuePair<string, object?>(tags[i].Key, scrubbed);
            }
        }
    }
}

/// <summary>A log state whose secret-bearing values were replaced; providers read it like the original.</summary>
internal sealed class ScrubbedState(IReadOnlyList<KeyValuePair<string, object?>> pairs, string message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => pairs.Count;

    public KeyValuePair<string, object?> this[int index] => pairs[index];

    /// <summary>Null when neither the message nor any value held a secret (the original state is then used as is).</summary>
    public static ScrubbedState? TryCreate(IReadOnlyList<KeyValuePair<string, object?>> original, string? message, SecretScrubber scrubber)
    {
        KeyValuePair<string, object?>[]? copy = null;
        for (var i = 0; i < original.Count; i++)
        {
            var (key, value) = original[i];
            if (Text(value) is { } text && scrubber.TryScrub(text, out var scrubbed))
            {
                copy ??= [.. original];
                copy[i] = new KeyValuePair<string, object?>(key, scrubbed);
            }
        }

        var messageChanged = scrubber.TryScrub(message, out var scrubbedMessage);
        return copy is null && !messageChanged ? null : new ScrubbedState(copy ?? [.. original], scrubbedMessage);
    }

    /// <summary>The text a provider would write for <paramref name="value"/>; null for values that cannot hold a secret.</summary>
    public static string? Text(object? value) => value switch
    {
        null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or DateTime or DateTimeOffset or TimeSpan or Guid or Enum => null,
        string text => text,
        _ => value.ToString(),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}

/// <summary>
/// A scope's name/value pairs and text as a provider reads them: scrubbed on first read (the same answer however many
/// threads read it first), so a scope nobody reads costs nothing.
/// </summary>
internal sealed class LazilyScrubbedScope(IReadOnlyList<KeyValuePair<string, object?>> original, SecretScrubber scrubber)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private IReadOnlyList<KeyValuePair<string, object?>>? _scrubbed;

    public int Count => original.Count;

    public KeyValuePair<string, object?> this[int index] => Scrubbed[index];

    private IReadOnlyList<KeyValuePair<string, object?>> Scrubbed =>
        _scrubbed ??= ScrubbedState.TryCreate(original, original.ToString(), scrubber) ?? original;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Scrubbed.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string? ToString() => Scrubbed.ToString();
}

/// <summary>
/// Stands in for an exception whose message or stack text held a secret: the same text, scrubbed, still starting with
/// the original type's name. Exceptions without secrets are logged as they are.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(Exception original, string message, string text)
        : base(message)
    {
        _text = text;
        HResult = original.HResult;
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
    }

    public string OriginalType { get; }

    public override string? StackTrace => null;

    public static Exception? Scrub(Exception? exception, SecretScrubber scrubber)
    {
        if (exception is null || !scrubber.TryScrub(exception.ToString(), out var text))
        {
            return exception;
        }

        return new RedactedException(exception, $"{exception.GetType().Name}: {scrubber.Scrub(exception.Message)}", text);
    }

    public override string ToString() => _text;
}
