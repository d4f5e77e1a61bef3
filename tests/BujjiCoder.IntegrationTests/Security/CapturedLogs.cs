using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// A logging provider that keeps everything a provider can see of each record: category, level, the formatted
/// message, every state value, the exception's full text and every active scope with its values — so that a test can
/// say a string reached no log in any form a console, JSON or OpenTelemetry exporter could write.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<CapturedLog> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder();
            text.Append(formatter(state, exception)).Append('\n').Append(state);
            Append(text, state);
            text.Append('\n').Append(exception);
            owner._scopes?.ForEachScope((scope, builder) =>
            {
                builder.Append("\nscope: ").Append(scope);
                Append(builder, scope);
            }, text);
            owner._records.Enqueue(new CapturedLog(category, logLevel, eventId.Name, text.ToString()));
        }

        private static void Append(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append('\n').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string? EventName, string Text);
