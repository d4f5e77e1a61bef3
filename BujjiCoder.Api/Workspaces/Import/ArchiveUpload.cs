using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Import;

namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>An upload saved to a temporary file with the name it was sent under, or the problem that stopped it.</summary>
internal sealed record ArchiveUpload(string? Path, long Length, string FileName, IResult? Problem)
{
    /// <summary>
    /// Streams the multipart field <c>file</c> to a temporary file, counting bytes as they come (never trusting
    /// Content-Length), and checks its type twice: the name must say .zip, .tar.gz or .tgz, and the content must be
    /// what the name says by its magic bytes (a zip signature, or gzip's 1f 8b inflating to a tar block). Anything
    /// else is 415 and nothing is kept.
    /// </summary>
    public static async Task<ArchiveUpload> SaveAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "multipart-required", "Multipart upload required",
                "Send the archive as multipart/form-data in a field named 'file'.");
        }

        if (request.ContentLength > maxBytes + (64 * 1024))
        {
            return TooLarge(maxBytes);
        }

        try
        {
            return await ReadFileSectionAsync(new MultipartReader(boundary, request.Body), maxBytes, cancellationToken);
        }
        catch (Exception malformed) when (malformed is IOException or InvalidDataException)
        {
            // A truncated body, a missing closing boundary, an over-long header line.
            return Fail(StatusCodes.Status400BadRequest, "invalid-multipart", "Malformed upload", "The multipart body could not be read: " + malformed.Message);
        }
    }

    private static async Task<ArchiveUpload> ReadFileSectionAsync(MultipartReader reader, long maxBytes, CancellationToken cancellationToken)
    {
        for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition() || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty;
            var claimed = ArchiveFormats.FromFileName(fileName);
            if (claimed is null)
            {
                return Fail(StatusCodes.Status415UnsupportedMediaType, "unsupported-archive", "Unsupported archive",
                    "Upload a file named .zip, .tar.gz or .tgz.");
            }

            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{ImportJobQueue.UploadPrefix}{Guid.NewGuid():N}.upload");
            var saved = false;
            try
            {
                long length;
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    length = await CopyAsync(section.Body, file, maxBytes, cancellationToken);
                    if (length < 0)
                    {
                        return TooLarge(maxBytes);
                    }

                    if (CheckContent(file, claimed.Value) is { } wrongType)
                    {
                        return wrongType;
                    }
                }

                saved = true;
                return new ArchiveUpload(path, length, fileName, null);
            }
            finally
            {
                if (!saved)
                {
                    File.Delete(path);
                }
            }
        }

        return Fail(StatusCodes.Status400BadRequest, "file-required", "File required", "The multipart body has no file field named 'file'.");
    }

    /// <summary>The content must be the archive the name claims: a .zip that is really a gzip (or text) is refused.</summary>
    private static ArchiveUpload? CheckContent(Stream file, ArchiveFormat claimed)
    {
        var actual = ArchiveFormats.Detect(file);
        if (actual is null)
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "unsupported-archive", "Unsupported archive",
                "The file is neither a .zip nor a .tar.gz archive.");
        }

        if (actual != claimed)
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "archive-type-mismatch", "Archive type does not match its name",
                $"The file is named as a {Describe(claimed)} but its content is a {Describe(actual.Value)}.");
        }

        return actual == ArchiveFormat.TarGz && !ArchiveFormats.InflatesToTar(file)
            ? Fail(StatusCodes.Status415UnsupportedMediaType, "unsupported-archive", "Unsupported archive",
                "The file is gzip-compressed but does not hold a tar archive.")
            : null;
    }

    private static string Describe(ArchiveFormat format) => format == ArchiveFormat.Zip ? ".zip" : ".tar.gz";

    private static async Task<long> CopyAsync(Stream source, Stream target, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return -1;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    private static ArchiveUpload TooLarge(long maxBytes) =>
        Fail(StatusCodes.Status413PayloadTooLarge, "upload-too-large", "Upload too large", $"Uploads are limited to {maxBytes:N0} bytes.");

    private static ArchiveUpload Fail(int status, string slug, string title, string detail) =>
        new(null, 0, string.Empty, Problems.Create(status, slug, title, detail));
}
