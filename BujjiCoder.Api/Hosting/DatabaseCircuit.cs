using System.Data.Common;
using BujjiCoder.Data.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Remembers that PostgreSQL stopped taking connections, so that for <see cref="DatabaseCircuitOptions.BreakDuration"/> every
/// request that needs it is refused at once (<see cref="DatabaseUnavailableException"/>, answered 503) instead of each one
/// spending its own connect timeout and retries on a server that is not there. After the break one attempt at a time goes
/// through; the first that connects closes the circuit for everyone.
/// </summary>
/// <remarks>
/// An EF Core interceptor rather than a Polly pipeline: it has to sit where every query, save, migration and health check
/// opens its connection, and EF Core's own retries run around it (a refusal here is not retried).
/// </remarks>
internal sealed partial class DatabaseCircuit(
    IOptions<DatabaseCircuitOptions> options, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<DatabaseCircuit> logger)
    : DbConnectionInterceptor, IDbCommandInterceptor
{
    private readonly Lock _lock = new();
    private volatile bool _open;
    private DateTimeOffset _openUntil;
    private DateTimeOffset? _probeStarted;

    public bool IsOpen => _open;

    /// <summary>How long a caller refused now should wait before trying again.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (_lock)
            {
                var left = _openUntil - time.GetUtcNow();
                return _open && left > TimeSpan.Zero ? left : options.Value.BreakDuration;
            }
        }
    }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Enter();
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Enter();
        return ValueTask.FromResult(result);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Connected();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Connected();
        return Task.CompletedTask;
    }

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => OpenFailed(connection, eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        OpenFailed(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => CommandBroke(command, eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandBroke(command, eventData.Exception);
        return Task.CompletedTask;
    }

    private void Enter()
    {
        // The hot path: one volatile read while the database is fine.
        if (!_open)
        {
            return;
        }

        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_open)
            {
                return;
            }

            if (now < _openUntil)
            {
                throw new DatabaseUnavailableException();
            }

            // One attempt at a time after the break; one that never reports back (it cannot take longer than the connect
            // timeout) gives its turn away.
            if (_probeStarted is { } started && now - started < ProbeTimeout)
            {
                throw new DatabaseUnavailableException();
            }

            _probeStarted = now;
        }
    }

    private void Connected()
    {
        if (!_open)
        {
            return;
        }

        lock (_lock)
        {
            if (_open)
            {
                _open = false;
                _probeStarted = null;
                LogClosed(logger);
            }
        }
    }

    private void OpenFailed(DbConnection connection, Exception exception)
    {
        if (exception is DatabaseUnavailableException)
        {
            return;
        }

        lock (_lock)
        {
            _probeStarted = null;
            if (!DatabaseFailures.IsConnectionFailure(exception) || DatabaseFailures.IsPoolExhausted(exception))
            {
                // Cancelled, refused for a reason of its own (a wrong password), or no pooled connection free in time:
                // says nothing about availability.
                return;
            }

            _openUntil = time.GetUtcNow() + options.Value.BreakDuration;
            if (!_open)
            {
                _open = true;
                LogOpened(logger, options.Value.BreakDuration.TotalSeconds, exception.GetType().Name);
            }
        }

        ClearPool(connection);
    }

    /// <summary>
    /// A command that lost its connection (the server restarted under it) does not open the circuit, since the server may
    /// already be back; but the pool's other idle connections are as dead as this one, and the retry must not be handed one.
    /// </summary>
    private static void CommandBroke(DbCommand command, Exception exception)
    {
        if (command.Connection is { } connection && DatabaseFailures.IsBrokenConnection(exception))
        {
            ClearPool(connection);
        }
    }

    private static void ClearPool(DbConnection connection)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }

    private TimeSpan ProbeTimeout => TimeSpan.FromSeconds(database.Value.ConnectTimeoutSeconds + 1);

    [LoggerMessage(LogLevel.Warning, "The database is not taking connections ({Failure}): requests that need it are answered 503 for {BreakSeconds} s at a time until it is back.")]
    private static partial void LogOpened(ILogger logger, double breakSeconds, string failure);

    [LoggerMessage(LogLevel.Information, "The database takes connections again: requests that need it go through.")]
    private static partial void LogClosed(ILogger logger);
}
