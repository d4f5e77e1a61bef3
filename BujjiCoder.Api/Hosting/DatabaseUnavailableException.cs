namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Thrown instead of opening a connection while <see cref="DatabaseCircuit"/> knows the database is not taking any. How long
/// to wait is the circuit's to say (<see cref="DatabaseCircuit.RetryAfter"/>), at the moment the answer is written.
/// </summary>
internal sealed class DatabaseUnavailableException()
    : Exception("The database is not taking connections; the attempt was not made.");
