extern alias worker;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using worker::BujjiCoder.Worker.Imports;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// Import jobs between the Api, which only stores them, and Worker replicas in process, which claim them with a lease:
/// each job is claimed by one replica at a time and lands once, a replica that lost its lease commits nothing, a
/// replica that stops hands its job on, and a job that keeps killing its replicas fails.
/// </summary>
public sealed class ImportJobTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_run_many_jobs_and_each_job_is_claimed_once()
    {
        await using var api = await Api().BuildApiAsync();
        await using var one = await StartWorkerAsync(api);
        await using var two = await StartWorkerAsync(api);
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var jobs = new List<(string Ws, Guid Job)>();
        for (var i = 0; i < 12; i++)
        {
            var ws = await user.CreateWorkspaceAsync($"project {i}");
            jobs.Add((ws, await ImportJobRows.UploadAsJobAsync(user, ws, RandomFiles(40, seed: i))));
        }

        foreach (var (ws, job) in jobs)
        {
            var done = await ImportJobRows.WaitForAsync(api.Factory.Services, job, j => j.CompletedAt is not null, TimeSpan.FromMinutes(2), "every job to finish");
            Assert.Equal((ImportJobStatus.Succeeded, 1), (done.Status, done.Attempts));
            Assert.Contains(done.ClaimedBy, new[] { one.InstanceId, two.InstanceId });
            Assert.Equal(1, await user.RevisionCountAsync(ws));
        }

        await using var scope = api.Factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportUploadChunks.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Replicas_claiming_at_the_same_moment_never_take_the_same_job()
    {
        await using var api = await Api().BuildApiAsync();
        await using var one = await StartWorkerAsync(api, claiming: false);
        await using var two = await StartWorkerAsync(api, claiming: false);
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        const int Count = 40;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var now = DateTime.UtcNow;
            db.ImportJobs.AddRange(Enumerable.Range(0, Count).Select(i => new ImportJob
            {
                Id = Guid.CreateVersion7(), WorkspaceId = Guid.Parse(ws), CreatedBy = user.UserId, Status = ImportJobStatus.Queued, BytesTotal = 1,
                UploadName = "x.zip", CreatedAt = now.AddMilliseconds(i), UpdatedAt = now,
            }));
            await db.SaveChangesAsync(Cancellation);
        }

        // Four claimants per replica, all claiming until nothing is left.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => ClaimAllAsync(i % 2 == 0 ? one : two), Cancellation)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(Count, all.Count);
        Assert.Equal(Count, all.Select(c => c.Job).Distinct().Count());
        foreach (var (job, claimant) in all)
        {
            var row = await ImportJobRows.ReadAsync(api.Factory.Services, job);
            Assert.Equal((ImportJobStatus.Running, claimant, 1), (row.Status, row.ClaimedBy, row.Attempts));
        }
    }

    [Fact]
    public async Task A_replica_that_lost_its_lease_commits_nothing_of_the_import()
    {
        await using var api = await Api().BuildApiAsync();
        await using var worker = await StartWorkerAsync(api, claiming: false);
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        var jobId = await ImportJobRows.UploadAsJobAsync(user, ws, RandomFiles(40, seed: 1));
        ImportJob claimed;
        await using (var scope = worker.Factory.Services.CreateAsyncScope())
        {
            claimed = (await scope.ServiceProvider.GetRequiredService<ImportJobLeases>().ClaimAsync(Cancellation))!;
        }

        // Its lease lapsed while it was busy, and another replica claimed the job.
        const string Other = "worker/elsewhere/1-000000";
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.ClaimedBy, Other).SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddMinutes(1)).SetProperty(j => j.Attempts, 2), Cancellation);
        }

        await ActivatorUtilities.CreateInstance<ImportJobService>(worker.Factory.Services).RunAsync(claimed, Cancellation);

        Assert.Equal(jobId, claimed.Id);
        Assert.Equal(0, await user.RevisionCountAsync(ws));
        Assert.Equal(0, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).GetArrayLength());
        var row = await ImportJobRows.ReadAsync(api.Factory.Services, jobId);
        Assert.Equal((ImportJobStatus.Running, Other, null, null), (row.Status, row.ClaimedBy, row.ResultJson, row.CompletedAt));
        Assert.NotEmpty(await ImportJobRows.ChunksAsync(api.Factory.Services, jobId));
    }

    [Fact]
    public async Task A_replica_that_stops_hands_its_job_to_another_at_once()
    {
        // The first replica scans uploads with a clamd that never answers, so it holds the job for as long as the test
        // likes (a job it could finish raced the stop: on a quiet machine it landed first). The second starts only once
        // the first has the job, and its lease is far longer than the test waits: only a hand-over explains a quick takeover.
        await using var api = await Api().BuildApiAsync();
        await using var clamd = new SilentClamd();
        var stopping = await StartWorkerAsync(api, lease: TimeSpan.FromMinutes(5), clamdPort: clamd.Port);
        WorkerHost? staying = null;
        try
        {
            var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
            const int Files = 400;
            var jobId = await ImportJobRows.UploadAsJobAsync(user, ws, ImportJobRows.ManyFiles(Files, seed: 2));
            await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.ClaimedBy == stopping.InstanceId, TimeSpan.FromMinutes(1), "the first replica to claim the job");
            await clamd.WaitForUploadAsync(Cancellation);
            staying = await StartWorkerAsync(api, lease: TimeSpan.FromMinutes(5));

            var clock = Stopwatch.StartNew();
            await stopping.DisposeAsync();
            var taken = await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.ClaimedBy == staying.InstanceId, TimeSpan.FromSeconds(30),
                "the other replica to take the job");

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"taken over after {clock.Elapsed}");
            Assert.Equal(1, taken.Attempts);
            var done = await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.CompletedAt is not null, TimeSpan.FromMinutes(3), "the import to finish");
            Assert.Equal((ImportJobStatus.Succeeded, staying.InstanceId, Files), (done.Status, done.ClaimedBy, done.FilesWritten));
            Assert.Equal(1, await user.RevisionCountAsync(ws));
        }
        finally
        {
            await stopping.DisposeAsync();
            if (staying is not null)
            {
                await staying.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_job_whose_replicas_keep_dying_fails_as_interrupted()
    {
        await using var api = await Api().BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        var jobId = await ImportJobRows.UploadAsJobAsync(user, ws, RandomFiles(40, seed: 3));
        // Three replicas have claimed it so far, and the last one died holding it too.
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, ImportJobStatus.Running).SetProperty(j => j.ClaimedBy, "worker/gone/1-000000")
                .SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1)).SetProperty(j => j.Attempts, 3), Cancellation);
        }

        await using var worker = await StartWorkerAsync(api);
        var done = await ImportJobRows.WaitForAsync(api.Factory.Services, jobId, j => j.CompletedAt is not null, TimeSpan.FromMinutes(1), "the job to end");

        var job = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/import/{jobId}");
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(503, job.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal("https://bujjicoder.dev/problems/import-interrupted", job.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(4, done.Attempts);
        Assert.Equal(0, await user.RevisionCountAsync(ws));
        Assert.Empty(await ImportJobRows.ChunksAsync(api.Factory.Services, jobId));
    }

    [Fact]
    public async Task With_no_worker_a_job_waits_queued_and_the_api_stores_only_the_job_and_its_upload()
    {
        await using var api = await Api().BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        // Over 2 MiB of incompressible content: three stored slices.
        var archive = Archives.Zip(Enumerable.Range(0, 5).Select(i => ($"data/{i}.bin", RandomBytes(450 * 1024, seed: i))));

        var jobId = await ImportJobRows.UploadAsJobAsync(user, ws, archive);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);

        var job = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/import/{jobId}");
        Assert.Equal(("queued", 0L, 0), (job.GetProperty("status").GetString(), job.GetProperty("bytesRead").GetInt64(), job.GetProperty("filesWritten").GetInt32()));
        var row = await ImportJobRows.ReadAsync(api.Factory.Services, jobId);
        Assert.Equal((ImportJobStatus.Queued, null, null, 0, (long)archive.Length), (row.Status, row.ClaimedBy, row.LeaseExpiresAt, row.Attempts, row.BytesTotal));
        var chunks = await ImportJobRows.ChunksAsync(api.Factory.Services, jobId);
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks.SkipLast(1), chunk => Assert.Equal(ImportUploadChunk.MaxBytes, chunk.Length));
        Assert.Equal(archive, chunks.SelectMany(c => c).ToArray());
        Assert.Equal(0, await user.RevisionCountAsync(ws));
    }

    [Fact]
    public async Task Too_many_unfinished_jobs_make_the_next_large_upload_429_import_queue_full()
    {
        await using var api = await Api().With("Workspaces:MaxPendingImportJobs", "2").BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        await ImportJobRows.UploadAsJobAsync(user, ws, RandomFiles(40, seed: 4));
        await ImportJobRows.UploadAsJobAsync(user, ws, RandomFiles(40, seed: 5));

        using var third = await user.UploadAsync(ws, RandomFiles(40, seed: 6), "third.zip");
        using var small = await user.UploadAsync(ws, Archives.Zip(("a.txt", "a\n")), "small.zip");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("https://bujjicoder.dev/problems/import-queue-full", await Auth.AuthClient.ProblemTypeAsync(third));
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task In_embedded_mode_without_a_worker_a_large_upload_is_imported_while_the_caller_waits()
    {
        await using var api = await Api(TestHost.Sqlite()).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        var archive = RandomFiles(40, seed: 7);
        Assert.True(archive.Length > 32768);

        using var response = await user.UploadAsync(ws, archive, "project.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(40, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("imported").GetInt32());
        await using var scope = api.Factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportJobs.CountAsync(Cancellation));
    }

    /// <summary>Open registration, and uploads over 32 KB become jobs; PostgreSQL unless <paramref name="on"/> says otherwise.</summary>
    private TestHost Api(TestHost? on = null) =>
        (on ?? TestHost.Postgres(infrastructure)).WithOpenRegistration().With("Workspaces:SynchronousImportMaxBytes", "32768");

    /// <summary>A Worker replica on the Api's database, started and heard from (its heartbeat).</summary>
    private static async Task<WorkerHost> StartWorkerAsync(ApiHost api, bool claiming = true, TimeSpan? lease = null, int? clamdPort = null)
    {
        // The Api migrates the database as it starts; the Worker waits for that.
        _ = api.Factory.Services;
        var recipe = TestHost.Beside(api).With("Worker:Imports:PollInterval", "00:00:00.100");
        if (lease is { } duration)
        {
            recipe.With("Worker:Imports:LeaseDuration", duration.ToString());
        }

        if (clamdPort is { } port)
        {
            recipe.With("Uploads:ClamAv:Host", "127.0.0.1").With("Uploads:ClamAv:Port", port.ToString(CultureInfo.InvariantCulture));
        }

        if (!claiming)
        {
            recipe.WithServices(WorkerHost.ClaimingNoJobs);
        }

        var worker = await recipe.BuildWorkerAsync();
        await worker.StartAsync();
        return worker;
    }

    private static async Task<List<(Guid Job, string Claimant)>> ClaimAllAsync(WorkerHost replica)
    {
        var claimed = new List<(Guid, string)>();
        while (true)
        {
            await using var scope = replica.Factory.Services.CreateAsyncScope();
            var leases = scope.ServiceProvider.GetRequiredService<ImportJobLeases>();
            if (await leases.ClaimAsync(Cancellation) is not { } job)
            {
                return claimed;
            }

            claimed.Add((job.Id, leases.Claimant));
        }
    }

    /// <summary>About 80 KB of incompressible text in <paramref name="files"/> files: over the synchronous limit, quick to import.</summary>
    private static byte[] RandomFiles(int files, int seed)
    {
        var random = new Random(seed);
        return Archives.Zip(Enumerable.Range(0, files).Select(i => ($"gen/file{i:D2}.txt",
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(_ => (char)random.Next('a', 'z' + 1)))))));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
