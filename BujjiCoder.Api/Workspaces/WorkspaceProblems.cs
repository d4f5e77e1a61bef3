using BujjiCoder.Api.Http;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.AspNetCore.Http.HttpResults;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces;

/// <summary>The problem responses of workspace files, diffs, revisions and imports.</summary>
internal static class WorkspaceProblems
{
    public static ProblemHttpResult InvalidPath(string error) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-path", "Invalid path", error);

    public static ProblemHttpResult BinaryFile(string path) =>
        Problems.Create(StatusCodes.Status400BadRequest, "binary-file", "Binary file", $"'{path}' is a binary file; it cannot be edited or patched as text.");

    public static ProblemHttpResult FileNotFound(string path) =>
        Problems.Create(StatusCodes.Status404NotFound, "file-not-found", "File not found", $"'{path}' does not exist in this workspace.");

    public static ProblemHttpResult TooLarge(string detail) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "too-large", "Too large", detail);

    public static ProblemHttpResult From(WorkspaceChangeException failure) => failure.Failure switch
    {
        ChangeFailure.WorkspaceNotFound => Problems.Create(StatusCodes.Status404NotFound, "workspace-not-found", "Workspace not found", failure.Message),
        ChangeFailure.PreconditionFailed => StaleVersion(failure),
        ChangeFailure.LimitExceeded => TooLarge(failure.Message),
        ChangeFailure.FileNotFound => FileNotFound(failure.Path ?? string.Empty),
        ChangeFailure.BinaryFile => BinaryFile(failure.Path ?? string.Empty),
        _ => Problems.Create(StatusCodes.Status409Conflict, "conflict", "Conflict", failure.Message),
    };

    /// <summary>
    /// The file's ETag now, when it exists, also goes into the problem (<c>currentEtag</c>) and, from file writes, the <c>ETag</c>
    /// header: a client that has shown the user what changed can then overwrite with <c>If-Match</c> without reading the file again.
    /// </summary>
    public static ProblemHttpResult From(WorkspaceChangeException failure, HttpResponse response)
    {
        if (failure is { Failure: ChangeFailure.PreconditionFailed, CurrentHash: { } hash })
        {
            response.Headers.ETag = ETags.For(hash);
        }

        return From(failure);
    }

    private static ProblemHttpResult StaleVersion(WorkspaceChangeException failure)
    {
        var problem = Problems.Create(StatusCodes.Status412PreconditionFailed, "stale-version", "The file has changed", failure.Message);
        if (failure.CurrentHash is { } hash)
        {
            problem.ProblemDetails.Extensions["currentEtag"] = ETags.For(hash);
        }

        return problem;
    }
}
