using System.Diagnostics;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Worker.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The <c>backup</c> job: dump the database, pack it, store it in every destination, record it in <c>database_backups</c>,
/// then prove it: read it back from every destination (SHA-256), restore one copy into a scratch database and compare
/// every table's rows and checksum with the dump's own snapshot. A backup that does not verify is recorded <c>failed</c>
/// and fails the run. Last, generations retention prunes old backups (<see cref="BackupGenerations"/>).
/// </summary>
internal sealed partial class BackupJob(
    IDatabaseBackupEngine engine,
    BackupPacker packer,
    IEnumerable<IBackupDestination> destinations,
    IServiceScopeFactory scopes,
    IOptions<BackupOptions> options,
    BackupMetrics metrics,
    TimeProvider time,
    ILogger<BackupJob> logger) : IScheduledJob
{
    private readonly IReadOnlyList<IBackupDestination> _destinations = [.. destinations];

    public string Name => "backup";

    public TimeSpan Interval => options.Value.Interval;

    public Task RunAsync(CancellationToken cancellationToken) => BackUpAsync(cancellationToken);

    /// <summary>Dumps hold every row of the database: none may outlive the run, whatever ended it.</summary>
    private void RemoveWorkDirectory(DirectoryInfo work)
    {
        try
        {
            work.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Said loudly, but not in place of the run's own outcome.
            LogWorkDirectoryLeft(logger, exception, work.FullName);
        }
    }

    /// <summary>Takes, stores, verifies and records one backup, then prunes; returns its row.</summary>
    public async Task<DatabaseBackup> BackUpAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateDirectory(Path.Combine(options.Value.WorkDirectory ?? Path.GetTempPath(), $"bujji-backup-{Guid.NewGuid():N}"));
        try
        {
            var (row, manifest, storeErrors) = await StoreAsync(work.FullName, cancellationToken);
            var verifyError = await VerifyAsync(row, manifest, work.FullName, cancellationToken);
            await PruneAsync(cancellationToken);

            if (verifyError is not null)
            {
                throw new BackupFailedException($"Backup {row.Id} did not verify: {verifyError}");
            }

            if (storeErrors.Count > 0)
            {
                throw new BackupFailedException($"Backup {row.Id} could not be stored in every destination: {string.Join("; ", storeErrors)}");
            }

            return row;
        }
        finally
        {
            RemoveWorkDirectory(work);
        }
    }

    private async Task<(DatabaseBackup Row, BackupManifest Manifest, List<string> StoreErrors)> StoreAsync(string work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var createdAt = time.GetUtcNow().UtcDateTime;
        var dump = await engine.DumpAsync(Directory.CreateDirectory(Path.Combine(work, "dump")).FullName, cancellationToken);
        var id = BackupManifests.NewId(createdAt);
        var packedFile = Path.Combine(work, BackupManifests.FileName(id));
        var packed = await packer.PackAsync(dump.FilePath, packedFile, cancellationToken);
        File.Delete(dump.FilePath);
        var manifest = new BackupManifest(id, dump.Provider, createdAt, BackupManifests.FileName(id), packed.SizeBytes, packed.Sha256,
            packed.DumpBytes, packed.KeyId is not null, packed.KeyId, dump.Tables);

        // Each destination on its own: one that is down must not cost the backup the others hold.
        var stored = new List<string>();
        var errors = new List<string>();
        foreach (var destination in _destinations)
        {
            try
            {
                await destination.PutAsync(manifest, packedFile, cancellationToken);
                stored.Add(destination.Name);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogStoreFailed(logger, exception, id, destination.Name);
                errors.Add($"{destination.Name}: {exception.Message}");
            }
        }

        File.Delete(packedFile);
        if (stored.Count == 0)
        {
            throw new BackupFailedException($"Backup {id} could not be stored anywhere: {string.Join("; ", errors)}");
        }

        var row = new DatabaseBackup
        {
            Id = id,
            Provider = dump.Provider,
            CreatedAt = createdAt,
            Destinations = string.Join(",", stored),
            SizeBytes = packed.SizeBytes,
            Sha256 = packed.Sha256,
            Encrypted = manifest.Encrypted,
            Tables = dump.Tables.Count,
            Rows = dump.Tables.Sum(t => t.Rows),
            DurationMs = (int)clock.ElapsedMilliseconds,
            Verification = "pending",
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            db.DatabaseBackups.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        metrics.Stored(packed.SizeBytes, clock.Elapsed);
        LogStored(logger, id, packed.SizeBytes, row.Destinations, clock.ElapsedMilliseconds);
        return (row, manifest, errors);
    }

    /// <summary>Null when the backup verified; else why not. The outcome is in its row either way.</summary>
    private async Task<string?> VerifyAsync(DatabaseBackup row, BackupManifest manifest, string work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? error;
        try
        {
            error = await RestoreAndCompareAsync(row, manifest, Directory.CreateDirectory(Path.Combine(work, "verify")).FullName, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = RunErrors.Summary(exception);
        }

        var verified = error is null;
        row.Verification = verified ? "verified" : "failed";
        row.VerifiedAt = verified ? time.GetUtcNow().UtcDateTime : null;
        row.VerifyDurationMs = (int)clock.ElapsedMilliseconds;
        row.VerificationError = error is null ? null : RunErrors.Cut(error);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            // The run's own token may be cancelled by now; the outcome is still worth recording.
            await db.DatabaseBackups.Where(b => b.Id == row.Id).ExecuteUpdateAsync(set => set
                .SetProperty(b => b.Verification, row.Verification)
                .SetProperty(b => b.VerifiedAt, row.VerifiedAt)
                .SetProperty(b => b.VerifyDurationMs, row.VerifyDurationMs)
                .SetProperty(b => b.VerificationError, row.VerificationError), CancellationToken.None);
        }

        metrics.Verified(verified, clock.Elapsed);
        if (verified)
        {
            LogVerified(logger, row.Id, row.Tables, row.Rows, clock.ElapsedMilliseconds);
        }
        else
        {
            LogVerifyFailed(logger, row.Id, error!);
        }

        return error;
    }

    private async Task<string?> RestoreAndCompareAsync(DatabaseBackup row, BackupManifest manifest, string work, CancellationToken cancellationToken)
    {
        // Every copy is read back and checked against the manifest's SHA-256; one of them (all are the same bytes) is restored.
        string? restoreFrom = null;
        foreach (var destination in _destinations.Where(d => row.Destinations.Split(',').Contains(d.Name)))
        {
            var copy = Path.Combine(work, $"{destination.Name}{BackupManifests.FileSuffix}");
            var stored = await destination.FindAsync(manifest.Id, cancellationToken)
                ?? throw new InvalidDataException($"{destination.Name} does not list backup {manifest.Id} after storing it.");
            if (stored != manifest with { Tables = stored.Tables } || !stored.Tables.SequenceEqual(manifest.Tables))
            {
                throw new InvalidDataException($"{destination.Name} holds a manifest for {manifest.Id} that differs from the one written.");
            }

            await destination.DownloadAsync(manifest, copy, cancellationToken);
            await BackupPacker.VerifyAsync(manifest, copy, cancellationToken);
            if (restoreFrom is null)
            {
                restoreFrom = copy;
            }
            else
            {
                File.Delete(copy);
            }
        }

        var dumpFile = Path.Combine(work, "restored.dump");
        await packer.UnpackAsync(manifest, restoreFrom!, dumpFile, cancellationToken);
        File.Delete(restoreFrom!);

        await using var scratch = await engine.CreateScratchAsync(cancellationToken);
        await engine.RestoreAsync(dumpFile, scratch.ConnectionString, force: true, cancellationToken);
        var restored = await engine.SnapshotTablesAsync(scratch.ConnectionString, cancellationToken);
        return Compare(manifest.Tables, restored);
    }

    /// <summary>Every difference between the tables at the dump's snapshot and after the restore; null when there is none.</summary>
    internal static string? Compare(IReadOnlyList<TableSnapshot> expected, IReadOnlyList<TableSnapshot> restored)
    {
        var after = restored.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var table in expected)
        {
            if (!after.Remove(table.Table, out var found))
            {
                differences.Add($"table {table.Table} is missing after the restore");
            }
            else if (found.Rows != table.Rows)
            {
                differences.Add($"table {table.Table} has {found.Rows} rows after the restore, {table.Rows} in the backup");
            }
            else if (!string.Equals(found.Checksum, table.Checksum, StringComparison.Ordinal))
            {
                differences.Add($"table {table.Table} has other contents after the restore (checksum {found.Checksum}, {table.Checksum} in the backup)");
            }
        }

        differences.AddRange(after.Keys.Order(StringComparer.Ordinal).Select(table => $"table {table} is not in the backup but appeared in the restore"));
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    /// <summary>
    /// Deletes what <see cref="BackupGenerations"/> no longer keeps from every destination, then marks its row pruned. Works
    /// from <c>database_backups</c>: a backup a destination holds that the table does not know (taken after the point a
    /// restore went back to) is left alone, never deleted on a guess.
    /// </summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var live = await db.DatabaseBackups.AsNoTracking().Where(b => b.PrunedAt == null)
            .Select(b => new BackupGeneration(b.Id, b.CreatedAt, b.Verification == "verified")).ToListAsync(cancellationToken);
        foreach (var id in BackupGenerations.ToDelete(live, options.Value.Keep).Order(StringComparer.Ordinal))
        {
            try
            {
                foreach (var destination in _destinations)
                {
                    await destination.DeleteAsync(id, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not marked pruned, so the next run tries again.
                LogPruneFailed(logger, exception, id);
                continue;
            }

            var now = time.GetUtcNow().UtcDateTime;
            await db.DatabaseBackups.Where(b => b.Id == id).ExecuteUpdateAsync(set => set.SetProperty(b => b.PrunedAt, now), cancellationToken);
            LogPruned(logger, id);
        }
    }

    [LoggerMessage(LogLevel.Information, "Backup {Id} stored: {SizeBytes} bytes in {Destinations} after {ElapsedMs} ms")]
    private static partial void LogStored(ILogger logger, string id, long sizeBytes, string destinations, long elapsedMs);

    [LoggerMessage(LogLevel.Information, "Backup {Id} verified: {Tables} tables, {Rows} rows restored and compared in {ElapsedMs} ms")]
    private static partial void LogVerified(ILogger logger, string id, int tables, long rows, long elapsedMs);

    [LoggerMessage(LogLevel.Error, "Backup {Id} failed verification: {Error}")]
    private static partial void LogVerifyFailed(ILogger logger, string id, string error);

    [LoggerMessage(LogLevel.Error, "Backup {Id} could not be stored in {Destination}")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string id, string destination);

    [LoggerMessage(LogLevel.Warning, "Backup {Id} could not be pruned from every destination; the next run tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(LogLevel.Error, "The backup work directory {Directory} could not be removed; it holds a copy of the database")]
    private static partial void LogWorkDirectoryLeft(ILogger logger, Exception exception, string directory);

    [LoggerMessage(LogLevel.Information, "Backup {Id} pruned: no generation keeps it")]
    private static partial void LogPruned(ILogger logger, string id);
}

/// <summary>A backup run that did not end with a verified backup in every destination.</summary>
internal sealed class BackupFailedException(string message) : Exception(message);
