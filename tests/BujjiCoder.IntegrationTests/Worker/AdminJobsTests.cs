extern alias worker;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using worker::BujjiCoder.Worker.Scheduling;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary><c>GET /api/v1/admin/jobs</c> over what a real Worker recorded: its jobs' runs, and the backups table.</summary>
public sealed class AdminJobsTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_sees_each_job_a_worker_ran_with_its_schedule_last_run_and_verdict_and_the_newest_backups()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().WithBootstrappedAdmin().BuildApiAsync();
        var broken = $"test-broken-{Guid.NewGuid():N}";
        await using var worker = await TestHost.Beside(api).With("Worker:Retention:Interval", "00:00:02")
            .WithServices(services => services.AddSingleton<IScheduledJob>(new BrokenJob(broken))).BuildWorkerAsync();
        await worker.StartAsync();
        var backups = await InsertBackupsAsync(api);
        await WaitForAsync(api, db => db.JobRuns.CountAsync(r => r.Job == "retention" && r.Outcome == JobRunOutcomes.Succeeded), 1);
        await WaitForAsync(api, db => db.JobRuns.CountAsync(r => r.Job == broken && r.FinishedAt != null), 1);

        using var client = api.Factory.CreateClient();
        var admin = (await TokensFromAsync(await LoginAsync(client, TestHost.AdminEmail, TestHost.AdminPassword))).AccessToken;
        using var response = await SendAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        var jobs = body.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!);
        var retention = jobs["retention"];
        Assert.Equal(2, retention.GetProperty("intervalSeconds").GetDouble());
        var lastRun = retention.GetProperty("lastRun");
        Assert.Equal("succeeded", lastRun.GetProperty("outcome").GetString());
        Assert.Equal(worker.InstanceId, lastRun.GetProperty("replica").GetString());
        Assert.True(lastRun.GetProperty("durationMs").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, lastRun.GetProperty("error").ValueKind);
        Assert.True(retention.GetProperty("lastSuccessAt").GetDateTime() >= lastRun.GetProperty("startedAt").GetDateTime());
        Assert.True(retention.GetProperty("nextRunAt").GetDateTime() > lastRun.GetProperty("slot").GetDateTime());
        Assert.False(retention.GetProperty("failing").GetBoolean());

        var failing = jobs[broken];
        Assert.Equal(3600, failing.GetProperty("intervalSeconds").GetDouble());
        Assert.True(failing.GetProperty("failing").GetBoolean());
        Assert.Equal(JsonValueKind.Null, failing.GetProperty("lastSuccessAt").ValueKind);
        Assert.Equal("failed", failing.GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.Equal("IOException: the backup share is gone", failing.GetProperty("lastRun").GetProperty("error").GetString());
        var slot = failing.GetProperty("lastRun").GetProperty("slot").GetDateTime();
        Assert.Equal(slot.AddHours(1), failing.GetProperty("nextRunAt").GetDateTime());

        // The 20 newest of those still held, newest first; a pruned one is history.
        var listed = body.GetProperty("backups").EnumerateArray().ToList();
        Assert.Equal(backups.Where(b => b.PrunedAt is null).OrderByDescending(b => b.CreatedAt).Take(20).Select(b => b.Id), listed.Select(b => b.GetProperty("id").GetString()));
        var newest = listed[0];
        Assert.Equal(["local", "blob"], newest.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(("postgresql", 1234L, true, 42, 4200L, 1500), (newest.GetProperty("provider").GetString(), newest.GetProperty("sizeBytes").GetInt64(),
            newest.GetProperty("encrypted").GetBoolean(), newest.GetProperty("tables").GetInt32(), newest.GetProperty("rows").GetInt64(), newest.GetProperty("durationMs").GetInt32()));
        Assert.Equal(("failed", 900, "table usage_records: 4200 rows, restored 4199"), (newest.GetProperty("verification").GetString(),
            newest.GetProperty("verifyDurationMs").GetInt32(), newest.GetProperty("verificationError").GetString()));
    }

    [Fact]
    public async Task A_user_is_refused_and_learns_nothing_of_the_jobs()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        await using var worker = await TestHost.Beside(api).BuildWorkerAsync();
        await worker.StartAsync();
        await WaitForAsync(api, db => db.JobRuns.CountAsync(r => r.Job == "retention" && r.FinishedAt != null), 1);
        using var client = api.Factory.CreateClient();
        var (_, user) = await NewSessionAsync(client);

        using var forbidden = await SendAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", user.AccessToken);
        using var anonymous = await SendAsync(client, HttpMethod.Get, "/api/v1/admin/jobs", null);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var text in new[] { await forbidden.Content.ReadAsStringAsync(Cancellation), await anonymous.Content.ReadAsStringAsync(Cancellation) })
        {
            Assert.DoesNotContain("retention", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(worker.InstanceId, text, StringComparison.Ordinal);
        }
    }

    /// <summary>23 backups a day apart: the newest pruned, 22 held.</summary>
    private static async Task<List<DatabaseBackup>> InsertBackupsAsync(ApiHost api)
    {
        var start = new DateTime(2026, 11, 1, 3, 0, 0, DateTimeKind.Utc);
        var backups = Enumerable.Range(0, 23).Select(day => new DatabaseBackup
        {
            Id = $"bujji-{start.AddDays(day):yyyyMMdd'T'HHmmss'Z'}", Provider = "postgresql", CreatedAt = start.AddDays(day), Destinations = "local,blob",
            SizeBytes = 1234, Sha256 = new string('a', 64), Encrypted = true, Tables = 42, Rows = 4200, DurationMs = 1500,
            Verification = "failed", VerifiedAt = start.AddDays(day).AddMinutes(1), VerifyDurationMs = 900,
            VerificationError = "table usage_records: 4200 rows, restored 4199", PrunedAt = day == 22 ? start.AddDays(23) : null,
        }).ToList();
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.DatabaseBackups.AddRange(backups);
        await db.SaveChangesAsync(Cancellation);
        return backups;
    }

    private static async Task WaitForAsync(ApiHost api, Func<BujjiDbContext, Task<int>> count, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = api.Factory.Services.CreateAsyncScope();
            if (await count(scope.ServiceProvider.GetRequiredService<BujjiDbContext>()) >= atLeast)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the Worker did not run its jobs within 30 s");
            await Task.Delay(100, Cancellation);
        }
    }

    private sealed class BrokenJob(string name) : IScheduledJob
    {
        public string Name => name;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public Task RunAsync(CancellationToken cancellationToken) => throw new IOException("the backup share is gone");
    }
}
