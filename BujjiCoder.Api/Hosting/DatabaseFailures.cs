using Npgsql;

namespace BujjiCoder.Api.Hosting;

/// <summary>Which exceptions mean "the database is not there" (as opposed to a bug or a bad query).</summary>
internal static class DatabaseFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> or one it wraps (EF Core wraps them in retry, update and transient-failure
    /// exceptions) says the server could not be reached, dropped the connection, is shutting down or starting up, or did not
    /// answer in time.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DatabaseUnavailableException || IsConnectionFailure(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A failure of the connection itself: network errors and timeouts (Npgsql's transient exceptions that are not the
    /// server's answer), or the server's "connection exception" class 08, shutdown (57P01, 57P02), start-up (57P03) and
    /// "too many connections" (53300). Serialization failures and deadlocks are transient too, but say nothing about the
    /// server's availability.
    /// </summary>
    public static bool IsConnectionFailure(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>
    /// No pooled connection came free within the timeout: this replica is busy, the server is fine. Answered 503 like an
    /// outage (the caller should come back), but it must neither open the circuit nor empty the pool, or a burst of load
    /// would refuse every request of the replica. Npgsql has no type of its own for it, only this message.
    /// </summary>
    public static bool IsPoolExhausted(Exception exception) =>
        exception is NpgsqlException { InnerException: TimeoutException } npgsql
        && npgsql.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal);

    /// <summary>
    /// A command that broke its connection: the server went away under it (class 08, shutdown), not a command that was
    /// merely slow (a timeout is transient too, but the connection and its pool are fine).
    /// </summary>
    public static bool IsBrokenConnection(Exception exception) =>
        IsConnectionFailure(exception) && exception is not NpgsqlException { InnerException: TimeoutException };
}
