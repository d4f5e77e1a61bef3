using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Uploads;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;
using BujjiCoder.Workspaces.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using FromServicesAttribute = Microsoft.AspNetCore.Mvc.FromServicesAttribute;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// POST a .zip or .tar.gz as multipart field <c>file</c>. Small uploads are imported while the caller waits
/// (200 with the summary); larger ones become a job (202 with its id), followed at <c>GET import/{jobId}</c>.
/// The job and its upload are stored in the database and a Worker replica runs it (<see cref="ImportJobs"/>); the Api
/// runs nothing of it. Either way the archive is scanned for malware before anything is written (see
/// <see cref="WorkspaceImporter"/>): 422 <c>malware-detected</c>, 503 <c>scanner-unavailable</c>, or the job fails with that problem.
/// </summary>
internal static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder workspace)
    {
        // The upload is streamed to a temporary file under our own limit, not Kestrel's 30 MB default.
        workspace.MapPost("/import", ImportAsync).RequiresWorkspace(WorkspaceOperations.Write)
            .WithDocumentedBody(DocumentedBody.Multipart("file", "The archive (.zip, .tar.gz or .tgz) as the multipart field 'file'."))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The import job to follow.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()).DisableAntiforgery().WithRateLimitGroup(RateLimitGroups.Import)
            .WithRequestTimeout(RequestLimits.TransferTimeout);
        workspace.MapGet("/import/{jobId:guid}", GetJobAsync);
        return workspace;
    }

    private static async Task<Results<Ok<ImportSummary>, Accepted<ImportAccepted>, ProblemHttpResult>> ImportAsync(
        Guid ws, bool? respectGitignore, [System.ComponentModel.DataAnnotations.StringLength(2000), NoNulCharacter] string? message, WorkspaceCaller caller,
        HttpContext context, WorkspaceImporter importer, ImportJobs jobs, ImportsInProgress inProgress, IOptions<WorkspaceLimits> limits,
        ImportMetrics metrics, CancellationToken cancellationToken)
    {
        var upload = await ArchiveUpload.SaveAsync(context.Request, limits.Value.MaxUploadBytes, cancellationToken);
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }

        try
        {
            if (upload.Length > limits.Value.SynchronousImportMaxBytes && await jobs.WorkerWillRunAsync(upload.Length, cancellationToken))
            {
                var job = await jobs.EnqueueAsync(ws, caller.UserId, upload, respectGitignore ?? true, message, cancellationToken);
                if (job is null)
                {
                    metrics.Record(ImportMetrics.Queue, ImportMetrics.QueueFull);
                    context.Response.Headers.RetryAfter = "60";
                    return Problems.Create(StatusCodes.Status429TooManyRequests, "import-queue-full", "Too many imports",
                        $"{limits.Value.MaxPendingImportJobs} imports are already waiting or running. Try again in a minute.");
                }

                metrics.Record(ImportMetrics.Queue, ImportMetrics.Queued);
                var location = $"/api/v1/workspaces/{ws}/import/{job.Id}";
                return TypedResults.Accepted(location, new ImportAccepted(job.Id, "queued", location));
            }

            // Counted from the scan to the commit: an embedded indexer leaves the cores and the database to it meanwhile.
            using var importing = inProgress.Enter();
            await using var archive = File.OpenRead(upload.Path!);
            var summary = await importer.ImportAsync(ws, caller.UserId, archive, upload.FileName, respectGitignore ?? true, message, progress: null, cancellationToken);
            metrics.Record(ImportMetrics.Sync, ImportMetrics.Succeeded);
            return TypedResults.Ok(summary);
        }
        catch (UploadRefusedException refused)
        {
            metrics.Record(ImportMetrics.Sync, ImportMetrics.Rejected);
            return refused.Refusal.ToResult(context.Response);
        }
        catch (Exception failure) when (failure is ArchiveRejectedException or WorkspaceChangeException)
        {
            metrics.Record(ImportMetrics.Sync, ImportMetrics.Rejected);
            return TypedResults.Problem(ImportFailure.From(failure).ToProblemDetails());
        }
        finally
        {
            File.Delete(upload.Path!);
        }
    }

    private static async Task<Results<Ok<ImportJobResponse>, NotFound>> GetJobAsync(
        Guid ws, Guid jobId, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        // Read only: a job whose Worker died is taken over by another once its lease lapses, and failed by a Worker
        // when it has been tried too often, never by whoever happens to look at it.
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.WorkspaceId == ws, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new ImportJobResponse(
            job.Id, job.Status, job.BytesTotal, job.BytesRead, job.FilesWritten, job.CreatedAt, job.UpdatedAt, job.CompletedAt,
            job.Status == ImportJobStatus.Succeeded ? ImportJobResults.ReadSummary(job.ResultJson) : null,
            job.Status == ImportJobStatus.Failed ? ImportJobResults.ReadProblem(job.ResultJson)?.ToProblemDetails() : null));
    }
}
