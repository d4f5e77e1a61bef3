using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Hosting;

/// <summary>Settings of <c>Database:Circuit</c>: how the Api behaves while PostgreSQL does not take connections.</summary>
internal sealed class DatabaseCircuitOptions
{
    public const string SectionName = "Database:Circuit";

    /// <summary>
    /// After a connection attempt fails, requests that need the database are answered 503 at once for this long (and told to
    /// come back after it in <c>Retry-After</c>); then one request at a time tries again, and the first that connects lets
    /// every request through. Short, so readiness and traffic return within seconds of the database.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);
}
