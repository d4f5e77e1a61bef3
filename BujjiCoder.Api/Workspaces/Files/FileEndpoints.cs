using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Uploads;
using BujjiCoder.Workspaces.Uploads;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Files;

/// <summary>Tree, read, write, delete, search-and-replace edit and export of a workspace's files.</summary>
internal static class FileEndpoints
{
    private const string CurrentETagDescription =
        "The version the file is at now (also the problem's currentEtag), when it exists: send it as If-Match to overwrite knowingly.";

    private static readonly HybridCacheEntryOptions TreeCacheEntry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/tree", TreeAsync);
        workspace.MapGet("/files/{**path}", ReadAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "application/octet-stream").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithRequestHeader("If-None-Match", "The ETag already held: 304 when the file has not changed.")
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The content's version, for If-Match on the next write.");
        workspace.MapPut("/files/{**path}", WriteAsync).RequiresWorkspace(WorkspaceOperations.Write).WithFileBodyLimit()
            .WithDocumentedBody(DocumentedBody.Raw("The file's new content, as it is (text or binary).", "text/plain", "application/octet-stream"))
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable)
            .WithRequestHeader("If-Match", "Write only if the file is still at this ETag (412 otherwise).")
            .WithRequestHeader("If-None-Match", "\"*\": create only (412 when the file exists).")
            .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The new content's version.")
            .WithResponseHeader(StatusCodes.Status201Created, "ETag", "The new content's version.")
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The file's URL.")
            .WithResponseHeader(StatusCodes.Status412PreconditionFailed, "ETag", CurrentETagDescription);
        workspace.MapDelete("/files/{**path}", DeleteAsync).RequiresWorkspace(WorkspaceOperations.Write)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed)
            .WithRequestHeader("If-Match", "Delete only if the file is still at this ETag (412 otherwise).")
            .WithResponseHeader(StatusCodes.Status412PreconditionFailed, "ETag", CurrentETagDescription);
        workspace.MapPost("/edit", EditAsync).RequiresWorkspace(WorkspaceOperations.Write).WithCodeBodyLimit()
            .ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapGet("/export", ExportAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .WithResponseHeader(StatusCodes.Status200OK, "Content-Disposition", "attachment; filename=<workspace name>.zip")
            .WithRequestTimeout(RequestLimits.TransferTimeout);
        return workspace;
    }

    /// <summary>
    /// The entries directly under <paramref name="path"/> (the root by default), or every file under it with
    /// <c>recursive=true</c>. A listing never changes within a revision, so it is cached under the workspace's
    /// revision number: the next change makes a new key, and nothing stale can be served.
    /// </summary>
    private static async Task<Results<Ok<List<TreeEntry>>, NotFound, ProblemHttpResult>> TreeAsync(
        Guid ws, string? path, bool? recursive, [FromServices] BujjiDbContext db, HybridCache cache, CancellationToken cancellationToken)
    {
        var directory = string.Empty;
        if (!string.IsNullOrEmpty(path) && !WorkspacePath.TryNormalize(path, out directory, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        List<TreeEntry>? entries;
        if (recursive == true)
        {
            // Whole subtrees can be large; they are not worth a cache entry.
            entries = await WorkspaceTree.ListRecursiveAsync(db, ws, directory, cancellationToken);
        }
        else
        {
            var revision = await db.Workspaces.Where(w => w.Id == ws).Select(w => w.RevisionCount).SingleAsync(cancellationToken);
            entries = await cache.GetOrCreateAsync(
                $"bujji:tree:{ws:N}:{revision}:{directory}",
                async cancel => await WorkspaceTree.ListAsync(db, ws, directory, cancel),
                TreeCacheEntry,
                cancellationToken: cancellationToken);
        }

        return entries is null ? TypedResults.NotFound() : TypedResults.Ok(entries);
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ReadAsync(
        Guid ws, string path, HttpContext context, WorkspaceStore store, CancellationToken cancellationToken)
    {
        if (!WorkspacePath.TryNormalize(path, out var normalized, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        var stored = await store.ReadAsync(ws, normalized, cancellationToken);
        if (stored is null)
        {
            return WorkspaceProblems.FileNotFound(normalized);
        }

        var etag = ETags.For(stored.File.Hash);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "private, no-cache";
        if (ETags.Parse(context.Request.Headers.IfNoneMatch) == stored.File.Hash)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(stored.Bytes, stored.File.IsBinary ? "application/octet-stream" : "text/plain; charset=utf-8");
    }

    /// <summary>
    /// Raw body in, 201 when created, 200 when replaced. <c>If-Match</c> makes the write conditional (412 when the
    /// file has changed); <c>If-None-Match: *</c> makes it create-only. The optional <c>message</c> query names the revision.
    /// The body is scanned for malware first when scanning is configured (422 when found, 503 when it cannot be scanned).
    /// </summary>
    private static async Task<Results<Ok<FileWritten>, Created<FileWritten>, ProblemHttpResult>> WriteAsync(
        Guid ws, string path, [StringLength(2000), NoNulCharacter] string? message, WorkspaceCaller caller, HttpContext context, WorkspaceStore store,
        UploadScanner scanner, IOptions<WorkspaceLimits> limits, CancellationToken cancellationToken)
    {
        if (!WorkspacePath.TryNormalize(path, out var normalized, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        var body = await RequestBody.ReadAsync(context.Request, limits.Value.MaxFileBytes, cancellationToken);
        if (body is null)
        {
            return WorkspaceProblems.TooLarge($"Files are limited to {limits.Value.MaxFileBytes:N0} bytes.");
        }

        using (var scanned = new MemoryStream(body, writable: false))
        {
            if (await scanner.ScanAsync(scanned, new UploadOrigin(caller.UserId, ws, normalized), cancellationToken) is { } refusal)
            {
                return refusal.ToResult(context.Response);
            }
        }

        var content = FileContent.From(body);
        var expected = ETags.Parse(context.Request.Headers.IfMatch);
        var createOnly = ETags.Parse(context.Request.Headers.IfNoneMatch) == "*";
        var existed = false;
        try
        {
            var revision = await store.ChangeAsync(ws, caller.UserId, RevisionKind.Write, message ?? $"Write {normalized}", async change =>
            {
                existed = await change.HashOfAsync(normalized, cancellationToken) is not null;
                await change.WriteAsync(normalized, content, cancellationToken, expected, createOnly);
            }, cancellationToken);
            context.Response.Headers.ETag = ETags.For(content.Hash);
            var written = new FileWritten(normalized, ETags.For(content.Hash), content.Size, revision?.Id);
            return existed ? TypedResults.Ok(written) : TypedResults.Created(FileUrl(ws, normalized), written);
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure, context.Response);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid ws, string path, [StringLength(2000), NoNulCharacter] string? message, WorkspaceCaller caller, HttpContext context, WorkspaceStore store,
        CancellationToken cancellationToken)
    {
        if (!WorkspacePath.TryNormalize(path, out var normalized, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        var expected = ETags.Parse(context.Request.Headers.IfMatch);
        try
        {
            await store.ChangeAsync(ws, caller.UserId, RevisionKind.Delete, message ?? $"Delete {normalized}",
                change => change.DeleteAsync(normalized, cancellationToken, expected), cancellationToken);
            return TypedResults.NoContent();
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure, context.Response);
        }
    }

    /// <summary>Search and replace inside one file, read and written under the workspace's lock so no update is lost.</summary>
    private static async Task<Results<Ok<EditResult>, ProblemHttpResult>> EditAsync(
        Guid ws, EditRequest request, WorkspaceCaller caller, WorkspaceStore store, IOptions<WorkspaceLimits> limits, CancellationToken cancellationToken)
    {
        if (!WorkspacePath.TryNormalize(request.Path, out var normalized, out var error))
        {
            return WorkspaceProblems.InvalidPath(error);
        }

        var replacements = 0;
        string hash = string.Empty;
        try
        {
            var revision = await store.ChangeAsync(ws, caller.UserId, RevisionKind.Edit, $"Edit {normalized}", async change =>
            {
                var text = await change.ReadTextAsync(normalized, cancellationToken);
                var edited = TextEdit.Replace(text, request.OldString!, request.NewString!, request.ReplaceAll, normalized, limits.Value.MaxFileBytes);
                replacements = edited.Replacements;
                hash = await change.WriteAsync(normalized, FileContent.FromText(edited.Text), cancellationToken);
            }, cancellationToken);
            return TypedResults.Ok(new EditResult(replacements, ETags.For(hash), revision?.Id));
        }
        catch (WorkspaceChangeException failure)
        {
            return WorkspaceProblems.From(failure);
        }
    }

    /// <summary>
    /// The workspace as a zip, built in a temporary file one blob at a time so memory stays flat whatever its
    /// size (deflate streams flush synchronously when closed, which Kestrel's response body refuses).
    /// </summary>
    private static async Task<FileStreamHttpResult> ExportAsync(Guid ws, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var name = await db.Workspaces.Where(w => w.Id == ws).Select(w => w.Name).SingleAsync(cancellationToken);
        var files = await db.WorkspaceFiles.AsNoTracking().Where(f => f.WorkspaceId == ws)
            .OrderBy(f => f.Path).Select(f => new { f.Path, f.Hash, f.UpdatedAt }).ToListAsync(cancellationToken);
        var zipFile = new FileStream(
            Path.Combine(Path.GetTempPath(), $"bujji-export-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using (var zip = new ZipArchive(zipFile, ZipArchiveMode.Create, leaveOpen: true))
            {
                // Contents in batches: one query per 100 files, no more than 100 files' contents in memory.
                foreach (var batch in files.Chunk(100))
                {
                    var hashes = batch.Select(f => f.Hash).Distinct().ToList();
                    var blobs = await db.FileBlobs.AsNoTracking().Where(b => hashes.Contains(b.Hash))
                        .ToDictionaryAsync(b => b.Hash, b => FileContent.BytesOf(b.Text, b.Data), cancellationToken);
                    foreach (var file in batch)
                    {
                        var entry = zip.CreateEntry(file.Path, CompressionLevel.Fastest);
                        entry.LastWriteTime = file.UpdatedAt;
                        using var stream = entry.Open();
                        stream.Write(blobs[file.Hash]);
                    }
                }
            }

            zipFile.Position = 0;
            return TypedResults.File(zipFile, "application/zip", ExportFileName(name));
        }
        catch
        {
            await zipFile.DisposeAsync();
            throw;
        }
    }

    private static string ExportFileName(string workspaceName)
    {
        var safe = new string([.. workspaceName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-', '.');
        return (safe.Length == 0 ? "workspace" : safe) + ".zip";
    }

    private static string FileUrl(Guid ws, string path) =>
        $"/api/v1/workspaces/{ws}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
}
