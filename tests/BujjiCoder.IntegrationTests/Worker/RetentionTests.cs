extern alias worker;

using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using worker::BujjiCoder.Worker.Scheduling;
using RetentionService = worker::BujjiCoder.Worker.Retention.RetentionService;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>The Worker's retention against real PostgreSQL, beside the Api that wrote the data.</summary>
public sealed class RetentionTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Content_left_by_a_deleted_workspace_is_collected_and_shared_content_is_kept()
    {
        await using var api = await HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure)).BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var kept = await user.CreateWorkspaceAsync("kept");
        var gone = await user.CreateWorkspaceAsync("gone");
        await user.WriteAsync(kept, "shared.txt", "shared\n");
        await user.WriteAsync(gone, "shared.txt", "shared\n");
        await user.WriteAsync(gone, "Only.cs", "class OnlyHere {}\n");
        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{gone}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await using var worker = await TestHost.Beside(api)
            .With("Worker:Retention:Interval", "1.00:00:00").With("Worker:Retention:UnreferencedBlobAge", "00:00:00").BuildWorkerAsync();
        await worker.Factory.Services.GetRequiredService<RetentionService>().CollectAsync(Cancellation);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var hashes = await db.FileBlobs.Select(b => b.Hash).ToListAsync(Cancellation);
        Assert.Contains(Sha256("shared\n"), hashes);
        Assert.DoesNotContain(Sha256("class OnlyHere {}\n"), hashes);
        Assert.False(await db.BlobSymbols.AnyAsync(s => s.Name == "OnlyHere", Cancellation));
        Assert.Equal("shared\n", await user.ReadAsync(kept, "shared.txt"));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Every_kind_goes_at_its_age_in_small_batches_and_recent_or_still_needed_rows_stay(string provider)
    {
        await using var api = await (provider == "postgres" ? TestHost.Postgres(infrastructure) : TestHost.Sqlite()).WithOpenRegistration().BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = Guid.Parse(await user.CreateWorkspaceAsync("imports"));
        var now = DateTime.UtcNow;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            // Usage: rolled up to an hour ago, so only age decides (400 days).
            db.UsageRollupCursors.Add(new UsageRollupCursor { Period = UsageRollupPeriods.Hour, RolledUpTo = now.AddHours(-1), UpdatedAt = now });
            db.UsageRecords.AddRange([.. Enumerable.Range(0, 5).Select(i => Usage(user.UserId, now.AddDays(-500 + i)))]);
            db.UsageRecords.AddRange(Usage(user.UserId, now.AddDays(-399)), Usage(user.UserId, now.AddHours(-1)));
            // Audit: 365 days.
            db.AuditEvents.AddRange([.. Enumerable.Range(0, 3).Select(_ => Audit("test.old", now.AddDays(-366)))]);
            db.AuditEvents.Add(Audit("test.kept", now.AddDays(-364)));
            // Refresh tokens: 30 days after either expiry or revocation.
            db.RefreshTokens.AddRange(
                Token(user.UserId, "expired-long-ago", now.AddDays(-31), now.AddDays(10), revokedAt: null),
                Token(user.UserId, "family-expired-long-ago", now.AddDays(-40), now.AddDays(-31), revokedAt: null),
                Token(user.UserId, "revoked-long-ago", now.AddDays(5), now.AddDays(10), revokedAt: now.AddDays(-31)),
                Token(user.UserId, "expired-lately", now.AddDays(-29), now.AddDays(10), revokedAt: null),
                Token(user.UserId, "revoked-lately", now.AddDays(5), now.AddDays(10), revokedAt: now.AddDays(-29)));
            // Heartbeats: 7 days unseen.
            db.ServiceHeartbeats.AddRange(Heartbeat("worker/gone", now.AddDays(-8)), Heartbeat("worker/resting", now.AddDays(-6)));
            // Import jobs: 7 days after they finished (or, never finished, were created); their upload chunks with them.
            db.ImportJobs.AddRange(
                Import(OldFinished, ws, user.UserId, now.AddDays(-9), completedAt: now.AddDays(-8)),
                Import(OldUnfinished, ws, user.UserId, now.AddDays(-8), completedAt: null),
                Import(RecentFinished, ws, user.UserId, now.AddDays(-2), completedAt: now.AddDays(-1)));
            db.ImportUploadChunks.AddRange([.. Enumerable.Range(0, 3).Select(i => Chunk(OldFinished, i)), Chunk(OldUnfinished, 0), Chunk(RecentFinished, 0)]);
            // Job runs: 90 days, but each job keeps its latest run and its latest success.
            db.JobRuns.AddRange(
                Run("a", now.AddDays(-100), JobRunOutcomes.Succeeded), Run("a", now.AddDays(-95), JobRunOutcomes.Failed),
                Run("a", now.AddDays(-91), JobRunOutcomes.Skipped), Run("a", now.AddDays(-1), JobRunOutcomes.Failed),
                Run("b", now.AddDays(-200), JobRunOutcomes.Succeeded),
                Run("c", now.AddDays(-120), JobRunOutcomes.Succeeded), Run("c", now.AddDays(-110), JobRunOutcomes.Succeeded),
                Run("c", now.AddDays(-89), JobRunOutcomes.Failed), Run("c", now.AddHours(-1), JobRunOutcomes.Succeeded));
            await db.SaveChangesAsync(Cancellation);
        }

        // Two rows a statement: every kind needs several batches, and must go on until none is left.
        await using var worker = await TestHost.Beside(api).With("Worker:Retention:BatchSize", "2").WithServices(RunningNoSchedule).BuildWorkerAsync();
        using var meter = new MetricCollector<long>(worker.Factory.Services.GetRequiredService<IMeterFactory>(), "BujjiCoder.Worker", "bujji.worker.retention.deleted");
        var deleted = await worker.Factory.Services.GetRequiredService<RetentionService>().CollectAsync(Cancellation);

        Assert.Equal(
            new Dictionary<string, int>
            {
                ["blob"] = 0, ["import-chunk"] = 4, ["import-job"] = 2, ["usage-record"] = 5, ["audit-event"] = 3, ["refresh-token"] = 3, ["heartbeat"] = 1, ["job-run"] = 4,
            },
            deleted);
        Assert.All(deleted, pair => Assert.Equal(pair.Value, meter.GetMeasurementSnapshot().Where(m => Equals(m.Tags["kind"], pair.Key)).Sum(m => m.Value)));

        await using var check = api.Factory.Services.CreateAsyncScope();
        var left = check.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var usage = await left.UsageRecords.Where(u => u.UserId == user.UserId).Select(u => u.At).ToListAsync(Cancellation);
        Assert.Equal(2, usage.Count);
        Assert.All(usage, at => Assert.True(at > now.AddDays(-400)));
        Assert.Equal(["test.kept"], await left.AuditEvents.Where(e => e.Action.StartsWith("test.")).Select(e => e.Action).ToListAsync(Cancellation));
        Assert.DoesNotContain(await left.AuditEvents.Select(e => e.At).ToListAsync(Cancellation), at => at < now.AddDays(-365));
        var tokens = await left.RefreshTokens.Select(t => t.TokenHash).ToListAsync(Cancellation);
        Assert.Superset(new HashSet<string>(["expired-lately", "revoked-lately"]), tokens.ToHashSet());
        Assert.DoesNotContain(tokens, hash => hash.EndsWith("-long-ago", StringComparison.Ordinal));
        Assert.Contains(tokens, hash => !hash.Contains('-', StringComparison.Ordinal)); // the sign-up's own, live
        var heartbeats = await left.ServiceHeartbeats.Select(h => h.InstanceId).ToListAsync(Cancellation);
        Assert.Contains("worker/resting", heartbeats);
        Assert.DoesNotContain("worker/gone", heartbeats);
        Assert.Equal([RecentFinished], await left.ImportJobs.Select(j => j.Id).ToListAsync(Cancellation));
        Assert.Equal([RecentFinished], await left.ImportUploadChunks.Select(c => c.JobId).ToListAsync(Cancellation));
        var runs = (await left.JobRuns.ToListAsync(Cancellation)).Select(r => $"{r.Job}:{(int)Math.Round((now - r.StartedAt).TotalDays)}:{r.Outcome}").Order().ToList();
        Assert.Equal(["a:1:failed", "a:100:succeeded", "b:200:succeeded", "c:0:succeeded", "c:89:failed"], runs);
    }

    [Fact]
    public async Task Raw_usage_stays_until_the_hourly_rollups_hold_it_beyond_their_recompute_window()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var now = DateTime.UtcNow;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            db.UsageRecords.AddRange(Usage(user.UserId, now.AddDays(-500)), Usage(user.UserId, now.AddDays(-451)));
            await db.SaveChangesAsync(Cancellation);
        }

        await using var worker = await TestHost.Beside(api).With("Worker:UsageRollup:Recompute", "2.00:00:00").WithServices(RunningNoSchedule).BuildWorkerAsync();
        var retention = worker.Factory.Services.GetRequiredService<RetentionService>();

        // No roll-up has run: every raw record is all there is, however old.
        Assert.Equal(0, (await retention.CollectAsync(Cancellation))["usage-record"]);

        // Rolled up to 450 days ago, recomputing two days back: only what lies before 452 days ago is held for good.
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            db.UsageRollupCursors.Add(new UsageRollupCursor { Period = UsageRollupPeriods.Hour, RolledUpTo = now.AddDays(-450), UpdatedAt = now });
            // A day cursor far ahead says nothing about raw hours.
            db.UsageRollupCursors.Add(new UsageRollupCursor { Period = UsageRollupPeriods.Day, RolledUpTo = now.AddDays(-1), UpdatedAt = now });
            await db.SaveChangesAsync(Cancellation);
        }

        Assert.Equal(1, (await retention.CollectAsync(Cancellation))["usage-record"]);
        await using var check = api.Factory.Services.CreateAsyncScope();
        var left = Assert.Single(await check.ServiceProvider.GetRequiredService<BujjiDbContext>().UsageRecords.ToListAsync(Cancellation));
        Assert.InRange(left.At, now.AddDays(-451).AddSeconds(-1), now.AddDays(-451).AddSeconds(1));
    }

    private static readonly Guid OldFinished = Guid.CreateVersion7();
    private static readonly Guid OldUnfinished = Guid.CreateVersion7();
    private static readonly Guid RecentFinished = Guid.CreateVersion7();

    /// <summary>Retention runs only when the test calls it: the schedule would run it at start, beside the test's own call.</summary>
    private static void RunningNoSchedule(IServiceCollection services) =>
        services.Remove(services.Single(service => service.ImplementationType == typeof(ScheduledJobRunner)));

    private static UsageRecord Usage(string userId, DateTime at) => new()
    {
        At = at, UserId = userId, Kind = "chat", Model = "m", Provider = "p", InputTokens = 1, OutputTokens = 1, CostMicroUsd = 1, Outcome = "success",
    };

    private static AuditEvent Audit(string action, DateTime at) => new() { Id = Guid.CreateVersion7(), At = at, Action = action, Outcome = "success" };

    private static RefreshToken Token(string userId, string name, DateTime expiresAt, DateTime familyExpiresAt, DateTime? revokedAt) => new()
    {
        Id = Guid.CreateVersion7(), UserId = userId, FamilyId = Guid.CreateVersion7(), TokenHash = name, CreatedAt = expiresAt.AddDays(-60),
        ExpiresAt = expiresAt, FamilyExpiresAt = familyExpiresAt, RevokedAt = revokedAt,
    };

    private static ServiceHeartbeat Heartbeat(string instance, DateTime lastSeen) => new()
    {
        InstanceId = instance, Service = ServiceHeartbeat.WorkerService, Version = "test", StartedAt = lastSeen.AddDays(-1), LastSeenAt = lastSeen,
    };

    private static ImportJob Import(Guid id, Guid ws, string userId, DateTime createdAt, DateTime? completedAt) => new()
    {
        Id = id, WorkspaceId = ws, CreatedBy = userId, UploadName = "project.zip", CreatedAt = createdAt, UpdatedAt = completedAt ?? createdAt,
        CompletedAt = completedAt, Status = completedAt is null ? ImportJobStatus.Running : ImportJobStatus.Succeeded,
    };

    private static ImportUploadChunk Chunk(Guid job, int index) => new() { JobId = job, Index = index, Data = [1, 2, 3] };

    private static JobRun Run(string job, DateTime startedAt, string outcome) => new()
    {
        Id = Guid.CreateVersion7(), Job = job, Slot = ScheduleSlot.Containing(startedAt, TimeSpan.FromHours(1)), Interval = TimeSpan.FromHours(1),
        Replica = "worker/test", StartedAt = startedAt, FinishedAt = startedAt.AddMinutes(1), Outcome = outcome,
    };

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
