using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Files;
using BujjiCoder.Workspaces.Uploads;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Imports a saved archive into a workspace: the archive is scanned for malware (when scanning is configured) and
/// checked as a whole first (pass one), then its files are written in one change (pass two), so an import lands
/// completely or not at all. Synchronous imports (in the Api) and import jobs (in a Worker) both come through here,
/// so both are scanned.
/// </summary>
public sealed class WorkspaceImporter(WorkspaceStore store, UploadScanner scanner, IOptions<WorkspaceLimits> options)
{
    private const int ListedSkips = 1000;

    /// <param name="completing">
    /// Runs inside the import's transaction just before it commits, with the summary it will return, when the import
    /// changed anything (an archive that changes nothing commits nothing); throwing rolls the whole import back.
    /// </param>
    /// <exception cref="UploadRefusedException">The scanner found malware, or could not scan the archive.</exception>
    /// <exception cref="ArchiveRejectedException">The archive breaks a rule or a limit.</exception>
    public async Task<ImportSummary> ImportAsync(
        Guid workspaceId, string userId, Stream archive, string uploadName, bool respectGitignore, string? message,
        IProgress<(long BytesRead, int Files)>? progress, CancellationToken cancellationToken,
        Func<ImportSummary, CancellationToken, Task>? completing = null)
    {
        ArgumentNullException.ThrowIfNull(archive);

        // The whole upload, before any of it is read for the workspace: clamd looks inside zips and tarballs itself.
        if (await scanner.ScanAsync(archive, new UploadOrigin(userId, workspaceId, uploadName), cancellationToken) is { } refusal)
        {
            throw new UploadRefusedException(refusal);
        }

        var limits = options.Value;
        var importer = new ArchiveImporter(new ArchiveLimits(
            limits.MaxArchiveEntries, limits.MaxFileBytes, limits.MaxWorkspaceBytes, limits.MaxCompressionRatio, limits.CompressionRatioCheckAfterBytes));
        var bytesRead = progress is null ? null : new SynchronousProgress<long>(read => progress.Report((read, 0)));
        var plan = await importer.PlanAsync(archive, new ArchiveImportOptions(respectGitignore), bytesRead, cancellationToken);
        ImportSummary Summary(Guid? revision) => new(
            revision, plan.Files.Count, plan.TotalBytes, plan.Skipped.Count,
            [.. plan.Skipped.Take(ListedSkips).Select(s => new ImportEntry(s.Path, s.Reason))]);

        var written = 0;
        var revision = await store.ChangeAsync(workspaceId, userId, RevisionKind.Import, message ?? $"Import {plan.Files.Count} file(s)", async change =>
        {
            written = 0;
            await change.LoadAllAsync(cancellationToken);
            archive.Position = 0;
            await foreach (var file in importer.ReadAsync(archive, plan, cancellationToken))
            {
                await change.WriteAsync(file.Path, FileContent.From(file.Content), cancellationToken);
                if (++written % 200 == 0)
                {
                    progress?.Report((archive.Position, written));
                }
            }
        }, cancellationToken, beforeCommit: completing is null ? null : (made, cancel) => completing(Summary(made.Id), cancel));

        return Summary(revision?.Id);
    }
}
