using System.Text.Json;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Uploads;
using BujjiCoder.Api.Workspaces.Files;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using FromServicesAttribute = Microsoft.AspNetCore.Mvc.FromServicesAttribute;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// POST a .zip or .tar.gz as multipart field <c>file</c>. Small uploads are imported while the caller waits
/// (200 with the summary); larger ones become a job (202 with its id), followed at <c>GET import/{jobId}</c>.
/// Either way the archive is scanned for malware before anything is written (see <see cref="WorkspaceImporter"/>):
/// 422 <c>malware-detected</c>, 503 <c>scanner-unavailable</c>, or the job fails with that problem.
/// </summary>
internal static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder workspaces)
    {
        // The upload is streamed to a temporary file under our own limit, not Kestrel's 30 MB default.
        workspaces.MapPost("/{ws:guid}/import", ImportAsync)
            .WithDocumentedBody(DocumentedBody.Multipart("file", "The archive (.zip, .tar.gz or .tgz) as the multipart field 'file'."))
            .Produces<ImportSummary>().Produces<ImportAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Location", "The import job to follow.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()).DisableAntiforgery().WithRateLimitGroup(RateLimitGroups.Import)
            .WithRequestTimeout(RequestLimits.TransferTimeout);
        workspaces.MapGet("/{ws:guid}/import/{jobId:guid}", GetJobAsync)
            .Produces<ImportJobResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return workspaces;
    }

    private static async Task<IResult> ImportAsync(
        Guid ws, bool? respectGitignore, [System.ComponentModel.DataAnnotations.StringLength(2000), NoNulCharacter] string? message, HttpContext context, WorkspaceAccessor access, WorkspaceImporter importer, ImportJobQueue queue,
        [FromServices] BujjiDbContext db, IOptions<WorkspaceLimits> limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var gate = await access.AuthorizeAsync(context.User, ws, WorkspaceOperations.Write);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        var upload = await ArchiveUpload.SaveAsync(context.Request, limits.Value.MaxUploadBytes, cancellationToken);
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }

        var archivePath = upload.Path!;
        var keepFile = false;
        try
        {
            if (upload.Length > limits.Value.SynchronousImportMaxBytes)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var job = new ImportJob
                {
                    Id = Guid.CreateVersion7(), WorkspaceId = ws, CreatedBy = gate.UserId, Status = ImportJobStatus.Queued,
                    BytesTotal = upload.Length, CreatedAt = now, UpdatedAt = now, UploadName = upload.FileName, RespectGitignore = respectGitignore ?? true,
                    Message = message,
                };
                db.ImportJobs.Add(job);
                await db.SaveChangesAsync(cancellationToken);
                if (!queue.TryEnqueue(new QueuedImport(job.Id, ws, gate.UserId, archivePath, upload.FileName, respectGitignore ?? true, message)))
                {
                    await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
                    context.Response.Headers.RetryAfter = "60";
                    return Problems.Create(StatusCodes.Status429TooManyRequests, "import-queue-full", "Too many imports",
                        $"This server is already running {ImportJobQueue.Capacity} imports. Try again in a minute.");
                }

                keepFile = true;
                var location = $"/api/v1/workspaces/{ws}/import/{job.Id}";
                return TypedResults.Accepted(location, new ImportAccepted(job.Id, "queued", location));
            }

            await using var archive = File.OpenRead(archivePath);
            var summary = await importer.ImportAsync(ws, gate.UserId, archive, upload.FileName, respectGitignore ?? true, message, progress: null, cancellationToken);
            return TypedResults.Ok(summary);
        }
        catch (UploadRefusedException refused)
        {
            return refused.Refusal.ToResult(context.Response);
        }
        catch (Exception failure) when (failure is ArchiveRejectedException or WorkspaceChangeException)
        {
            return TypedResults.Problem(ImportFailure.From(failure));
        }
        finally
        {
            if (!keepFile)
            {
                File.Delete(archivePath);
            }
        }
    }

    private static async Task<IResult> GetJobAsync(
        Guid ws, Guid jobId, HttpContext context, WorkspaceAccessor access, ImportJobQueue queue, [FromServices] BujjiDbContext db,
        IOptions<WorkspaceLimits> limits, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var gate = await access.AuthorizeAsync(context.User, ws, WorkspaceOperations.Read);
        if (!gate.Allowed)
        {
            return gate.Denial!;
        }

        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.WorkspaceId == ws, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        // The replica running a job touches its row every few seconds; a row nobody touches has lost its replica.
        var options = json.Value.SerializerOptions;
        var now = time.GetUtcNow().UtcDateTime;
        if (job.Status is ImportJobStatus.Queued or ImportJobStatus.Running
            && !queue.IsActiveHere(job.Id)
            && now - job.UpdatedAt > limits.Value.ImportJobStaleAfter)
        {
            var updatedAt = job.UpdatedAt;
            job.Status = ImportJobStatus.Failed;
            job.ResultJson = JsonSerializer.Serialize(ImportFailure.Interrupted("The server running the import went away."), options);
            job.CompletedAt = job.UpdatedAt = now;
            await db.ImportJobs.Where(j => j.Id == job.Id && j.UpdatedAt == updatedAt).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, job.Status).SetProperty(j => j.ResultJson, job.ResultJson)
                .SetProperty(j => j.CompletedAt, job.CompletedAt).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        }

        return TypedResults.Ok(new ImportJobResponse(
            job.Id, job.Status, job.BytesTotal, job.BytesRead, job.FilesWritten, job.CreatedAt, job.UpdatedAt, job.CompletedAt,
            job.Status == ImportJobStatus.Succeeded && job.ResultJson is not null ? JsonSerializer.Deserialize<ImportSummary>(job.ResultJson, options) : null,
            job.Status == ImportJobStatus.Failed && job.ResultJson is not null ? JsonSerializer.Deserialize<Microsoft.AspNetCore.Mvc.ProblemDetails>(job.ResultJson, options) : null));
    }
}
