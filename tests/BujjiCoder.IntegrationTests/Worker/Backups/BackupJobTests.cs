extern alias worker;

using Azure.Storage.Blobs;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using worker::BujjiCoder.Worker.Backups;
using worker::BujjiCoder.Worker.Scheduling;
using HeartbeatService = worker::BujjiCoder.Worker.Heartbeat.HeartbeatService;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>
/// The <c>backup</c> job in a Worker beside a real Api: dump, pack, store in a local directory and in Blob Storage
/// (Azurite), verify by a restore into a scratch database, record, prune.
/// </summary>
public sealed class BackupJobTests(TestInfrastructure infrastructure, AzuriteFixture azurite) : IDisposable
{
    private readonly TemporaryDirectory _directory = TemporaryDirectory.Create("bujji-backup-job");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string LocalPath => Path.Combine(_directory.Path, "backups");

    private string WorkPath => Directory.CreateDirectory(Path.Combine(_directory.Path, "work")).FullName;

    [Fact]
    public async Task A_postgres_backup_is_encrypted_and_verified_in_both_the_local_directory_and_blob_storage()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        await WriteSomeDataAsync(api);
        var key = BackupPackingTests.NewKey();
        var container = await ContainerAsync();
        await using var worker = await BackingUp(api).With("Worker:Backup:EncryptionKey", key)
            .With("Worker:Backup:Blob:ConnectionString", (await azurite.GetAsync()).ConnectionString)
            .With("Worker:Backup:Blob:Container", container.Name).BuildWorkerAsync();
        await worker.StartAsync();

        var taken = await BackUpAsync(worker);
        var backup = Assert.Single(await BackupsAsync(api));

        Assert.Equal(taken.Id, backup.Id);
        Assert.Equal("verified", backup.Verification);
        Assert.Null(backup.VerificationError);
        Assert.Equal("postgresql", backup.Provider);
        Assert.Equal("local,blob", backup.Destinations);
        Assert.True(backup.Encrypted);
        Assert.True(backup.Tables > 10 && backup.Rows > 0, $"{backup.Tables} tables, {backup.Rows} rows");
        Assert.NotNull(backup.VerifiedAt);
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkPath));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"backup of {backup.Tables} tables, {backup.Rows} rows: {backup.SizeBytes} bytes stored in {backup.DurationMs} ms, verified in {backup.VerifyDurationMs} ms");

        // Each destination holds the file and its manifest; each copy unpacks with the key, and with no other.
        var keys = new BackupKeyRing(key, []);
        foreach (var destination in new IBackupDestination[] { new LocalBackupDestination(LocalPath), new BlobBackupDestination(container) })
        {
            var manifest = Assert.Single(await destination.ListAsync(Cancellation));
            Assert.Equal((backup.Id, backup.Sha256, backup.SizeBytes, backup.Tables), (manifest.Id, manifest.Sha256, manifest.SizeBytes, manifest.Tables.Count));
            Assert.Equal(BackupKeyRing.IdOf(Convert.FromBase64String(key)), manifest.KeyId);
            var copy = Path.Combine(_directory.Path, $"{destination.Name}.backup");
            await destination.DownloadAsync(manifest, copy, Cancellation);
            await new BackupPacker(keys).UnpackAsync(manifest, copy, Path.Combine(_directory.Path, $"{destination.Name}.pgdump"), Cancellation);
            await Assert.ThrowsAsync<BackupKeyMissingException>(() => new BackupPacker(new BackupKeyRing(BackupPackingTests.NewKey(), []))
                .UnpackAsync(manifest, copy, Path.Combine(_directory.Path, "never"), Cancellation));
        }

        AssertGaugesRead(worker, backup);
    }

    [Fact]
    public async Task A_backup_whose_restore_differs_from_its_snapshot_is_recorded_failed_and_fails_the_run()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        await WriteSomeDataAsync(api);
        await using var worker = await BackingUp(api).WithServices(LosingRowsOnRestore).BuildWorkerAsync();
        await worker.StartAsync();

        var failure = await Assert.ThrowsAsync<BackupFailedException>(() => BackUpAsync(worker));
        var backup = Assert.Single(await BackupsAsync(api));

        Assert.Contains($"Backup {backup.Id} did not verify", failure.Message, StringComparison.Ordinal);
        Assert.Equal("failed", backup.Verification);
        Assert.Null(backup.VerifiedAt);
        Assert.NotNull(backup.VerifyDurationMs);
        Assert.Contains("table workspace_files has 0 rows after the restore", backup.VerificationError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkPath));
    }

    [Fact]
    public async Task An_embedded_sqlite_backup_is_verified_in_the_local_directory_and_older_generations_are_pruned()
    {
        await using var api = await TestHost.Sqlite().WithOpenRegistration().BuildApiAsync();
        await WriteSomeDataAsync(api);
        var old = await SeedOldBackupAsync(api, "bujji-20260101T020000Z-000001", "verified");
        var failedBetween = await SeedOldBackupAsync(api, "bujji-20260102T020000Z-000002", "failed");
        Directory.CreateDirectory(LocalPath);
        foreach (var name in new[] { $"{old}.backup", $"{old}.manifest.json", $"{failedBetween}.backup", $"{failedBetween}.manifest.json" })
        {
            await File.WriteAllTextAsync(Path.Combine(LocalPath, name), "an older backup", Cancellation);
        }

        await using var worker = await BackingUp(api)
            .With("Worker:Backup:Keep:Last", "1").With("Worker:Backup:Keep:Daily", "0").With("Worker:Backup:Keep:Weekly", "0").With("Worker:Backup:Keep:Monthly", "0")
            .BuildWorkerAsync();
        await worker.StartAsync();

        await BackUpAsync(worker);
        var backups = await BackupsAsync(api);

        var taken = Assert.Single(backups, b => b.Id != old && b.Id != failedBetween);
        Assert.Equal(("sqlite", "local", false, "verified"), (taken.Provider, taken.Destinations, taken.Encrypted, taken.Verification));
        AssertGaugesRead(worker, taken);
        Assert.Null(taken.PrunedAt);
        Assert.All(backups.Where(b => b != taken), b => Assert.NotNull(b.PrunedAt));
        Assert.Equal(
            [$"{taken.Id}.backup", $"{taken.Id}.manifest.json"],
            Directory.GetFiles(LocalPath).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkPath));
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A Worker beside <paramref name="api"/> that backs up into the test's directory, working in one it can check is left empty.</summary>
    private TestHost BackingUp(ApiHost api) =>
        TestHost.Beside(api).With("Worker:Backup:Local:Path", LocalPath).With("Worker:Backup:WorkDirectory", WorkPath).WithServices(WithoutScheduler);

    /// <summary>The test runs the job itself, exactly once; the scheduler would run it too as the Worker starts.</summary>
    private static void WithoutScheduler(IServiceCollection services) =>
        services.Remove(services.Single(service => service.ImplementationType == typeof(ScheduledJobRunner)));

    private static async Task WriteSomeDataAsync(ApiHost api)
    {
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync("backed-up");
        await user.WriteAsync(ws, "README.md", "# kept in every backup\n");
        await user.WriteAsync(ws, "src/Program.cs", "class Program { static void Main() { } }\n");
    }

    private async Task<BlobContainerClient> ContainerAsync() =>
        new BlobServiceClient((await azurite.GetAsync()).ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}");

    /// <summary>
    /// The real engine, except that a restore loses the rows of one table afterwards (as a broken dump or restore would):
    /// the restored database really differs, and only the comparison can tell.
    /// </summary>
    private static void LosingRowsOnRestore(IServiceCollection services)
    {
        var real = services.Last(s => s.ServiceType == typeof(IDatabaseBackupEngine));
        services.AddSingleton<IDatabaseBackupEngine>(provider => new LosingRowsEngine((IDatabaseBackupEngine)real.ImplementationFactory!(provider)));
    }

    private static async Task<string> SeedOldBackupAsync(ApiHost api, string id, string verification)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.DatabaseBackups.Add(new DatabaseBackup
        {
            Id = id,
            Provider = "sqlite",
            CreatedAt = DateTime.ParseExact(id[6..22], "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
            Destinations = "local",
            Sha256 = new string('0', 64),
            Verification = verification,
        });
        await db.SaveChangesAsync(Cancellation);
        return id;
    }

    /// <summary>The gauges an alert watches (last stored, last verified) read the table, on either provider.</summary>
    private static void AssertGaugesRead(WorkerHost worker, DatabaseBackup newest)
    {
        var meters = worker.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var stored = new MetricCollector<long>(meters, HeartbeatService.MeterName, "bujji.worker.backup.last_success_time");
        using var verified = new MetricCollector<long>(meters, HeartbeatService.MeterName, "bujji.worker.backup.last_verified_time");
        stored.RecordObservableInstruments();
        verified.RecordObservableInstruments();
        Assert.Equal(Unix(newest.CreatedAt), stored.LastMeasurement?.Value);
        Assert.Equal(Unix(newest.VerifiedAt!.Value), verified.LastMeasurement?.Value);
    }

    private static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();

    /// <summary>One run of the job, as the scheduler starts it (the scheduler itself is out of these tests: see ScheduledJobTests).</summary>
    private static Task<DatabaseBackup> BackUpAsync(WorkerHost worker) =>
        worker.Factory.Services.GetRequiredService<BackupJob>().BackUpAsync(Cancellation);

    private static async Task<List<DatabaseBackup>> BackupsAsync(ApiHost api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().DatabaseBackups.AsNoTracking().OrderBy(b => b.CreatedAt).ToListAsync(Cancellation);
    }

    private sealed class LosingRowsEngine(IDatabaseBackupEngine real) : IDatabaseBackupEngine
    {
        public string Provider => real.Provider;

        public Task<DatabaseDump> DumpAsync(string directory, CancellationToken cancellationToken) => real.DumpAsync(directory, cancellationToken);

        public async Task RestoreAsync(string dumpFile, string targetConnectionString, bool force, CancellationToken cancellationToken)
        {
            await real.RestoreAsync(dumpFile, targetConnectionString, force, cancellationToken);
            await using var connection = new NpgsqlConnection(targetConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var delete = new NpgsqlCommand("DELETE FROM workspace_files", connection);
            Assert.True(await delete.ExecuteNonQueryAsync(cancellationToken) > 0);
        }

        public Task<ScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken) => real.CreateScratchAsync(cancellationToken);

        public Task<IReadOnlyList<TableSnapshot>> SnapshotTablesAsync(string connectionString, CancellationToken cancellationToken) =>
            real.SnapshotTablesAsync(connectionString, cancellationToken);
    }
}
