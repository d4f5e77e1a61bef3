using BujjiCoder.Api.Extensions;
using BujjiCoder.Api.Workspaces.Files;
using Microsoft.AspNetCore.Http.HttpResults;

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
        ChangeFailure.PreconditionFailed => Problems.Create(StatusCodes.Status412PreconditionFailed, "stale-version", "The file has changed", failure.Message),
        ChangeFailure.LimitExceeded => TooLarge(failure.Message),
        ChangeFailure.FileNotFound => FileNotFound(failure.Path ?? string.Empty),
        ChangeFailure.BinaryFile => BinaryFile(failure.Path ?? string.Empty),
        _ => Problems.Create(StatusCodes.Status409Conflict, "conflict", "Conflict", failure.Message),
    };
}
