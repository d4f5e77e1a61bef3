using System.Text.Json;
using System.Text.RegularExpressions;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Answers requests the framework could not read — malformed or too deeply nested JSON, a value of the wrong type or an
/// unknown enum name, a body over its limit, a missing or malformed parameter — with problem details. The framework's own
/// messages echo the input and name internal types, so outside Development the detail is generic; in Development it
/// carries the framework's message too.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IHostEnvironment environment) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var development = environment.IsDevelopment() ? " " + string.Join(" ", Messages(bad)) : string.Empty;
        IResult result = (bad.StatusCode, bad.InnerException) switch
        {
            // Described by DescribeBodyProblem, like the same statuses set without an exception.
            (StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType, _) => TypedResults.Problem(statusCode: bad.StatusCode),
            (StatusCodes.Status400BadRequest, JsonException json) => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [FieldOf(json.Path)] = ["Not valid here: malformed JSON, nesting too deep, or a value of the wrong type (an enum takes one of its names)."] },
                detail: $"The request body is not valid JSON of the shape this endpoint takes.{development}"),
            _ => Problems.Create(bad.StatusCode, "bad-request", "Request could not be read",
                $"The request could not be read: a parameter or the body is missing or malformed.{development}"),
        };
        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// Gives a bare 413 or 415 — set by Kestrel, by parameter binding or by this handler — a type and a detail that says what
    /// the endpoint takes. Problems that already say something are left alone.
    /// </summary>
    public static void DescribeBodyProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        if (problem.Status == StatusCodes.Status413PayloadTooLarge)
        {
            var described = TooLarge(context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize).ProblemDetails;
            (problem.Type, problem.Title, problem.Detail) = (described.Type, described.Title, described.Detail);
        }
        else if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            problem.Type = Problems.TypeBase + "unsupported-media-type";
            problem.Title = "Unsupported media type";
            problem.Detail = "Send the body as application/json.";
        }
    }

    /// <summary>413 <c>request-too-large</c>, saying how much the endpoint takes.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long? limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "request-too-large", "Request body too large",
            limit is null ? "The request body is larger than this endpoint takes." : $"This endpoint takes bodies of up to {limit:N0} bytes.");

    /// <summary>
    /// The top-level property a JSON error is in (<c>$.scopes[1]</c> → <c>scopes</c>), or <c>body</c>. Only a short plain name
    /// is echoed: a path can hold any property name the caller sent.
    /// </summary>
    private static string FieldOf(string? path) =>
        path is not null && TopLevelProperty().Match(path) is { Success: true } match ? match.Groups[1].Value : "body";

    private static IEnumerable<string> Messages(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
        }
    }

    [GeneratedRegex(@"^\$\.([A-Za-z][A-Za-z0-9]{0,63})(?![A-Za-z0-9])")]
    private static partial Regex TopLevelProperty();
}
