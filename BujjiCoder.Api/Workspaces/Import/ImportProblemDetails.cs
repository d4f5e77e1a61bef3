using BujjiCoder.Api.Http;
using BujjiCoder.Workspaces.Import;
using Microsoft.AspNetCore.Mvc;

namespace BujjiCoder.Api.Workspaces.Import;

internal static class ImportProblemDetails
{
    /// <summary>The problem details of a failed import, answered at once or read from its job: the same either way.</summary>
    public static ProblemDetails ToProblemDetails(this ImportProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = Problems.Create(problem.Status, problem.Slug, problem.Title, problem.Detail).ProblemDetails;
        if (problem.Rejected is not null)
        {
            details.Extensions["rejected"] = problem.Rejected;
        }

        if (problem.Signature is not null)
        {
            details.Extensions["signature"] = problem.Signature;
        }

        return details;
    }
}
