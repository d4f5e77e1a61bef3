using System.Globalization;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Answers a request that failed because the database is away with 503 <c>database-unavailable</c> and a <c>Retry-After</c>,
/// instead of a 500 that says the server is broken: the caller (the web app, a balancer, a script) can wait and try again.
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(DatabaseCircuit circuit, DatabaseMetrics metrics) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailures.IsUnavailable(exception))
        {
            return false;
        }

        metrics.RecordUnavailable();
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(circuit.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Problems.Create(StatusCodes.Status503ServiceUnavailable, "database-unavailable", "Database unavailable",
            "The database is not answering right now. Try again in a few seconds.").ExecuteAsync(httpContext);
        return true;
    }
}
