namespace BujjiCoder.Api.Hosting;

/// <summary>Thrown instead of opening a connection while <see cref="DatabaseCircuit"/> knows the database is not taking any.</summary>
internal sealed class DatabaseUnavailableException(TimeSpan retryAfter)
    : Exception("The database is not taking connections; the attempt was not made.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
