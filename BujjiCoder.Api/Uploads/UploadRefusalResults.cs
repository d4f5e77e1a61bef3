using BujjiCoder.Api.Http;
using BujjiCoder.Workspaces.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BujjiCoder.Api.Uploads;

internal static class UploadRefusalResults
{
    /// <summary>The answer to the request: the refusal as problem details, with Retry-After when the scanner was down.</summary>
    public static ProblemHttpResult ToResult(this UploadRefusal refusal, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(response);
        if (refusal.IsTemporary)
        {
            response.Headers.RetryAfter = UploadRefusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var problem = Problems.Create(refusal.Status, refusal.Slug, refusal.Title, refusal.Detail);
        if (refusal.Signature is not null)
        {
            problem.ProblemDetails.Extensions["signature"] = refusal.Signature;
        }

        return problem;
    }
}
