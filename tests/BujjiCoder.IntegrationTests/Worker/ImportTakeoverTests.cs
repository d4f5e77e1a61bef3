using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// Worker replicas as real processes (<c>dotnet BujjiCoder.Worker.dll</c>) on the Api's PostgreSQL database, stopped
/// while they hold an import job: killed outright, or asked to stop. Either way another replica finishes the job from
/// the stored upload, and the import lands exactly once.
/// </summary>
public sealed class ImportTakeoverTests(TestInfrastructure infrastructure)
{
    /// <summary>Enough files that the import is still writing them several seconds after it starts.</summary>
    private const int FileCount = 4000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_mid_import_is_taken_over_by_another_and_the_import_lands_once()
    {
        await using var api = await StartApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        // A short lease, so the survivor need not wait long for the dead replica's to lapse.
        var settings = WorkerEnvironment(api, lease: TimeSpan.FromSeconds(3));
        await using var one = await WorkerProcess.StartAsync(settings);
        await using var two = await WorkerProcess.StartAsync(settings);

        var jobId = await ImportJobRows.UploadAsJobAsync(user, ws, ImportJobRows.ManyFiles(FileCount));
        var held = await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.ClaimedBy is not null && j.FilesWritten > 0, TimeSpan.FromMinutes(2),
            "a replica writing the job's files");
        var (victim, survivor) = Owns(one, held) ? (one, two) : (two, one);
        Assert.True(Owns(victim, held), $"claimed by {held.ClaimedBy}, neither replica started here");
        victim.Kill();

        // It was mid-job: running, its files partly written, nothing committed.
        Assert.Equal((ImportJobStatus.Running, 1, null), (held.Status, held.Attempts, held.CompletedAt));
        Assert.InRange(held.FilesWritten, 1, FileCount - 1);
        var done = await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.CompletedAt is not null, TimeSpan.FromMinutes(3), "the import to finish");

        Assert.Equal(ImportJobStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts);
        Assert.True(Owns(survivor, done), $"finished by {done.ClaimedBy}, not the surviving replica (process {survivor.ProcessId})");
        var job = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/import/{jobId}");
        Assert.Equal(("succeeded", FileCount), (job.GetProperty("status").GetString(), job.GetProperty("result").GetProperty("imported").GetInt32()));
        Assert.Equal(1, await user.RevisionCountAsync(ws));
        Assert.Equal(FileCount, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).GetArrayLength());
        Assert.Empty(await ImportJobRows.ChunksAsync(api.Factory.Services, jobId));
    }

    private async Task<ApiHost> StartApiAsync()
    {
        var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().With("Workspaces:SynchronousImportMaxBytes", "32768").BuildApiAsync();
        // Started (and the database migrated) before any Worker, which waits for the schema.
        _ = api.Factory.Services;
        return api;
    }

    private Dictionary<string, string?> WorkerEnvironment(ApiHost api, TimeSpan lease) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["ConnectionStrings__bujjidb"] = api.DatabaseConnectionString,
        ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
        ["Worker__Imports__LeaseDuration"] = lease.ToString(),
        ["Worker__Imports__RenewEvery"] = (lease / 3).ToString(),
        ["Worker__Imports__PollInterval"] = "00:00:00.200",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__BujjiCoder"] = "Information",
    };

    /// <summary>Whether the job's claimant is that process (its instance id is <c>worker/{host}/{pid}-{random}</c>).</summary>
    private static bool Owns(WorkerProcess worker, ImportJob job) =>
        job.ClaimedBy?.StartsWith($"worker/{Environment.MachineName}/{worker.ProcessId}-", StringComparison.Ordinal) == true;
}
